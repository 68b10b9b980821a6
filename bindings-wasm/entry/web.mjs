// The browser (and bundler) entry of the npm package `esafety`: call `init()` once, then
// use the API by name or through the default export.
//
//   import init, { parseUrl } from 'esafety';
//   await init();
//   // or: import esafety from 'esafety'; await esafety.init(); esafety.parseUrl(...)

import wasmInit, * as wasm from '../pkg/web/esafety_wasm.js';
import * as vocabulary from '../pkg/vocabulary.mjs';
import { guardFreed } from '../pkg/freed.mjs';

export * from '../pkg/web/esafety_wasm.js';
export * from '../pkg/vocabulary.mjs';

/** The error every esafety function throws; `code` and `domain` name what went wrong. */
export class EsafetyError extends Error {
  constructor(message, code = 'error', domain = 'esafety') {
    super(message);
    this.name = 'EsafetyError';
    this.code = code;
    this.domain = domain;
  }
}

/** Whether `value` is an error esafety threw. */
export function isEsafetyError(value) {
  return value instanceof EsafetyError;
}

guardFreed(wasm, EsafetyError);

/** Loads the WebAssembly module (from `input`, or next to this file); resolves once ready. */
export async function init(input) {
  const output = await wasmInit(input);
  wasm.__setErrorClass(EsafetyError);
  return output;
}

/** Loads the WebAssembly module synchronously from its bytes or a compiled module. */
export function initSync(module) {
  const output = wasm.initSync(module);
  wasm.__setErrorClass(EsafetyError);
  return output;
}

/** `init` that also carries the whole API as properties (`esafety.parseUrl`, ...). */
const esafety = Object.assign((input) => init(input), wasm, vocabulary, {
  EsafetyError, isEsafetyError, init, initSync,
});
delete esafety.default;
export default esafety;
