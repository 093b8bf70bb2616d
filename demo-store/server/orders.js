// Placed orders (fake payment), one JSON line each in var/orders.jsonl so the confirmation page
// survives a restart.
import { appendFileSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { dirname } from 'node:path';

export class OrderStore {
  constructor(file) {
    this.file = file;
    this.byId = new Map();
    if (existsSync(file)) {
      for (const line of readFileSync(file, 'utf8').split('\n')) {
        try {
          const o = JSON.parse(line);
          this.byId.set(o.id, o);
        } catch {
          // torn line
        }
      }
    }
  }

  place(order) {
    const id = `CL-${randomBytes(5).toString('hex').toUpperCase()}`;
    const full = { id, placed: new Date().toISOString(), ...order };
    mkdirSync(dirname(this.file), { recursive: true });
    appendFileSync(this.file, `${JSON.stringify(full)}\n`);
    this.byId.set(id, full);
    return full;
  }

  get(id) {
    return this.byId.get(String(id));
  }
}
