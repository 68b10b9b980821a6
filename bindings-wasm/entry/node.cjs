'use strict';
// The Node entry of the npm package `esafety` (CommonJS; `import` works too, named or
// default): the WebAssembly API, the vocabulary lists and `EsafetyError`.
//
//   const { parseUrl, ROLES, isEsafetyError } = require('esafety');

const wasm = require('../pkg/node/esafety_wasm.js');

/** The error every esafety function throws; `code` and `domain` name what went wrong. */
class EsafetyError extends Error {
  constructor(message, code = 'error', domain = 'esafety') {
    super(message);
    this.name = 'EsafetyError';
    this.code = code;
    this.domain = domain;
  }
}

/** Whether `value` is an error esafety threw. */
function isEsafetyError(value) {
  return value instanceof EsafetyError;
}

wasm.__setErrorClass(EsafetyError);
require('../pkg/freed.cjs').guardFreed(wasm, EsafetyError);

module.exports = {
  ...require('../pkg/node/esafety_wasm.js'),
  ...require('../pkg/vocabulary.cjs'),
  EsafetyError,
  isEsafetyError,
};
