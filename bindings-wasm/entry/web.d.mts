// The types of the browser entry (entry/web.mjs): the WebAssembly API, the vocabulary lists
// and `EsafetyError` (types/entry.d.ts), `init`, and a default export that is `init` and
// carries the whole API (`esafety.parseUrl`).
import type * as api from '../pkg/web/esafety_wasm.js';

export * from '../pkg/web/esafety_wasm.js';

/** Loads the WebAssembly module (from `input`, or next to this file); resolves once ready. */
export declare function init(input?: Parameters<typeof api.default>[0]): Promise<api.InitOutput>;

/** Loads the WebAssembly module synchronously from its bytes or a compiled module. */
export declare function initSync(module: { module: api.SyncInitInput } | api.SyncInitInput): api.InitOutput;

/** `init`, carrying the whole API as properties. */
declare const esafety: typeof init & Omit<typeof api, "default"> & { init: typeof init };
export default esafety;
