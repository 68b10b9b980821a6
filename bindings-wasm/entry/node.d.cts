// The types of the Node entry (entry/node.cjs): every export of the WebAssembly build with
// the vocabulary lists and `EsafetyError` (declared in types/entry.d.ts). No `init`: Node
// loads the module synchronously.
export * from '../pkg/node/esafety_wasm.js';
