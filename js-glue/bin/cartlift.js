#!/usr/bin/env node
// The npm command line: the same wasm engine as browsers and edge workers, driven from files.
import { createReadStream } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { CartliftError, createEngine, version } from '../src/node.js';

const USAGE = `usage:
  cartlift recommend --bundle FILE --cart ID[,ID...] [--limit K]
  cartlift recommend --bundle FILE --batch FILE|-
  cartlift --version | --help

--batch reads one JSON request per line ("-" = stdin) and writes exactly one JSON line per
input line: the response, or {"error":{"code","message","path"}}.

exit codes: 0 ok (a bad batch line is answered with an error line, the others go on); 1 usage; 2 bad input`;

const EXIT_OK = 0;
const EXIT_USAGE = 1;
const EXIT_INPUT = 2;

class UsageError extends Error {}

function parse(argv) {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        bundle: { type: 'string' },
        cart: { type: 'string' },
        limit: { type: 'string' },
        batch: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
        version: { type: 'boolean' },
      },
    });
  } catch (err) {
    throw new UsageError(err.message);
  }
  const { values, positionals } = parsed;
  if (values.help || values.version) return values;
  if (positionals.length !== 1 || positionals[0] !== 'recommend') {
    throw new UsageError(positionals.length ? `unknown command: ${positionals.join(' ')}` : 'missing command');
  }
  if (!values.bundle) throw new UsageError('--bundle FILE is required');
  if (!values.cart === !values.batch) throw new UsageError('give exactly one of --cart or --batch');
  if (values.batch && values.limit !== undefined) throw new UsageError('--limit applies to --cart; put "limit" in each batch request');
  if (values.limit !== undefined && !/^\d+$/.test(values.limit)) throw new UsageError('--limit must be a non-negative integer');
  if (values.cart !== undefined && values.cart.split(',').some((id) => id === '')) throw new UsageError('--cart must be comma-separated non-empty ids');
  return values;
}

function errorJson(err) {
  if (err instanceof CartliftError) return { error: err.toJSON() };
  return { error: { code: 'internal', message: String(err && err.message ? err.message : err), path: '' } };
}

function fail(err) {
  const e = errorJson(err).error;
  process.stderr.write(`cartlift: ${e.code}${e.path ? ` at ${e.path}` : ''}: ${e.message}\n`);
  return EXIT_INPUT;
}

async function loadEngine(file) {
  let bytes;
  try {
    bytes = await readFile(file);
  } catch (err) {
    throw new CartliftError('io_error', `cannot read bundle: ${err.message}`, file);
  }
  return createEngine(bytes);
}

// Honours back-pressure so a large batch piped into a slow reader does not buffer in memory.
function writeLine(text) {
  return new Promise((resolve, reject) => {
    if (process.stdout.write(`${text}\n`)) resolve();
    else process.stdout.once('drain', resolve).once('error', reject);
  });
}

async function runBatch(engine, source) {
  const input = source === '-' ? process.stdin : createReadStream(source);
  const opened = new Promise((resolve, reject) => {
    if (source === '-') resolve();
    else input.once('open', resolve).once('error', reject);
  });
  try {
    await opened;
  } catch (err) {
    throw new CartliftError('io_error', `cannot read batch: ${err.message}`, source);
  }
  for await (const line of createInterface({ input, crlfDelay: Infinity })) {
    let out;
    try {
      out = engine.recommend(line);
    } catch (err) {
      out = errorJson(err);
    }
    await writeLine(JSON.stringify(out));
  }
  // Like the native CLI: every line got its answer, so the run itself succeeded.
  return EXIT_OK;
}

async function main(argv) {
  let opts;
  try {
    opts = parse(argv);
  } catch (err) {
    if (!(err instanceof UsageError)) throw err;
    process.stderr.write(`cartlift: ${err.message}\n${USAGE}\n`);
    return EXIT_USAGE;
  }
  if (opts.help) {
    process.stdout.write(`${USAGE}\n`);
    return EXIT_OK;
  }
  if (opts.version) {
    process.stdout.write(`${version}\n`);
    return EXIT_OK;
  }
  let engine;
  try {
    engine = await loadEngine(opts.bundle);
  } catch (err) {
    return fail(err);
  }
  try {
    if (opts.batch) return await runBatch(engine, opts.batch);
    const request = { cart: opts.cart.split(',').map((id) => ({ id, qty: 1 })) };
    if (opts.limit !== undefined) request.limit = Number(opts.limit);
    await writeLine(JSON.stringify(engine.recommend(request)));
    return EXIT_OK;
  } catch (err) {
    return fail(err);
  } finally {
    engine.dispose();
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err) => {
    process.stderr.write(`cartlift: internal error: ${err && err.stack ? err.stack : err}\n`);
    process.exitCode = EXIT_INPUT;
  },
);
