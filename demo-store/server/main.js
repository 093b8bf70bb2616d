// `npm start`: the demo store on $PORT (default 8080), stopped cleanly by SIGINT/SIGTERM.
import { startStore } from './app.js';

const started = Date.now();
console.log('cartlift demo store: loading the bundle and the engine…');
let store;
try {
  store = await startStore();
} catch (err) {
  console.error(`cartlift demo store: ${err.message}`);
  process.exit(1);
}
console.log(`cartlift demo store ready in ${((Date.now() - started) / 1000).toFixed(1)} s: ${store.url}`);
console.log(`  dashboard: ${store.url}/dashboard`);

let stopping = false;
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, async () => {
    if (stopping) return;
    stopping = true;
    await store.close();
    process.exit(0);
  });
}
