// Static files: the store's own assets (public/) and the cartlift package files the widget needs
// in the browser (its src/ and dist/ only, never node_modules at large).
import { createReadStream, existsSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, extname, join, normalize, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
export const PUBLIC_DIR = join(here, '..', 'public');
// Resolve through Node so a packed install (node_modules/cartlift) and the file: link both work.
export const CARTLIFT_DIR = dirname(createRequire(import.meta.url).resolve('cartlift/package.json'));

const TYPES = {
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.wasm': 'application/wasm',
  '.json': 'application/json; charset=utf-8',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
};

/** Resolves `rel` inside `root`, refusing anything that would step outside it. */
export function inside(root, rel) {
  let decoded;
  try {
    decoded = decodeURIComponent(rel);
  } catch {
    return null;
  }
  if (decoded.includes('\0')) return null;
  const full = normalize(join(root, decoded));
  if (full !== root && !full.startsWith(root + sep)) return null;
  return full;
}

export function sendFile(req, res, file, { maxAge = 300 } = {}) {
  if (!file || !existsSync(file)) return false;
  const st = statSync(file);
  if (!st.isFile()) return false;
  const etag = `W/"${st.size.toString(16)}-${Math.floor(st.mtimeMs).toString(16)}"`;
  res.setHeader('ETag', etag);
  res.setHeader('Cache-Control', `public, max-age=${maxAge}`);
  if (req.headers['if-none-match'] === etag) {
    res.writeHead(304);
    res.end();
    return true;
  }
  res.writeHead(200, { 'Content-Type': TYPES[extname(file)] || 'application/octet-stream', 'Content-Length': st.size });
  if (req.method === 'HEAD') res.end();
  else createReadStream(file).pipe(res);
  return true;
}

export function serveStatic(req, res, pathname) {
  if (pathname.startsWith('/static/')) return sendFile(req, res, inside(PUBLIC_DIR, pathname.slice('/static/'.length)));
  if (pathname.startsWith('/vendor/cartlift/')) {
    const rel = pathname.slice('/vendor/cartlift/'.length);
    if (!/^(src|dist)\//.test(rel)) return false;
    return sendFile(req, res, inside(CARTLIFT_DIR, rel));
  }
  return false;
}
