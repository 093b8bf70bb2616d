// The package's one error type, in a module of its own so the side-effect-free helpers
// (experiment.js, events/) can throw it without pulling in the wasm glue.

export class CartliftError extends Error {
  constructor(code, message, path = '') {
    super(message);
    this.name = 'CartliftError';
    this.code = code;
    this.path = path;
  }

  toJSON() {
    return { code: this.code, message: this.message, path: this.path };
  }
}
