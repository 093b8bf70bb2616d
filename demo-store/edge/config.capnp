# workerd configuration of the cartlift edge worker.
#
# workerd embeds files by path relative to this file, so it is meant to be read from a build
# folder where edge/build.mjs (used by `npm run edge`, the tests and the load test) has laid out
# the worker, the cartlift glue and wasm, and the store bundle next to a copy of it. That copy
# gets the requested socket address and bindings written in; the values below are the defaults.
# Lines marked @modules and @bindings are where extra entries go.
using Workerd = import "/workerd/workerd.capnp";

const config :Workerd.Config = (
  services = [
    (name = "main", worker = .edgeWorker),
    # The worker only ever fetches the store (ORIGIN). This demo runs it on loopback or a
    # private network; public addresses are refused so a wrong ORIGIN cannot leak requests.
    (name = "origin-network", network = (allow = ["local", "private"])),
  ],
  sockets = [
    (name = "http", address = "127.0.0.1:8787", http = (), service = "main"),
  ],
);

const edgeWorker :Workerd.Worker = (
  compatibilityDate = "2025-09-01",
  globalOutbound = "origin-network",
  modules = [
    (name = "worker.js", esModule = embed "worker.js"),
    (name = "lib.js", esModule = embed "lib.js"),
    (name = "offers-markup.js", esModule = embed "offers-markup.js"),
    # The store bundle as raw bytes: the engine parses them itself, no JS object in between.
    (name = "store-bundle.json", data = embed "store-bundle.json"),
    # `import ... from 'cartlift'` and `'cartlift/wasm'` resolve as they do with a bundler that
    # honours the package's "workerd" export condition.
    (name = "cartlift", esModule = embed "cartlift-entry.js"),
    (name = "cartlift/wasm", wasm = embed "node_modules/cartlift/dist/cartlift.wasm"),
    (name = "node_modules/cartlift/src/workerd.js", esModule = embed "node_modules/cartlift/src/workerd.js"),
    (name = "node_modules/cartlift/src/core.js", esModule = embed "node_modules/cartlift/src/core.js"),
    (name = "node_modules/cartlift/dist/cartlift.js", esModule = embed "node_modules/cartlift/dist/cartlift.js"),
    # @modules
  ],
  bindings = [
    (name = "ORIGIN", text = "http://127.0.0.1:8080"),
    (name = "BUDGET_MS", text = "50"),
    # @bindings
  ],
);
