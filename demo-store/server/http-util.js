// Small request/response helpers over node:http; no framework, so these are the whole surface.

export function parseCookies(header) {
  const out = {};
  for (const part of String(header || '').split(';')) {
    const i = part.indexOf('=');
    if (i < 0) continue;
    const name = part.slice(0, i).trim();
    if (name && !(name in out)) out[name] = part.slice(i + 1).trim();
  }
  return out;
}

export function cookie(name, value, { maxAge, httpOnly = true } = {}) {
  const parts = [`${name}=${value}`, 'Path=/', 'SameSite=Lax'];
  if (maxAge != null) parts.push(`Max-Age=${maxAge}`);
  if (httpOnly) parts.push('HttpOnly');
  return parts.join('; ');
}

const MAX_BODY = 64 * 1024;

export function readBody(req) {
  return new Promise((resolve, reject) => {
    const chunks = [];
    let size = 0;
    req.on('data', (chunk) => {
      size += chunk.length;
      if (size > MAX_BODY) {
        reject(Object.assign(new Error('request body too large'), { status: 413 }));
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

/** Form fields; repeated names (id=a&id=b) become arrays via getAll. */
export async function readForm(req) {
  const text = await readBody(req);
  const type = String(req.headers['content-type'] || '');
  if (type.includes('application/json')) {
    const data = text ? JSON.parse(text) : {};
    const params = new URLSearchParams();
    for (const [k, v] of Object.entries(data || {})) {
      for (const item of Array.isArray(v) ? v : [v]) params.append(k, String(item));
    }
    return params;
  }
  return new URLSearchParams(text);
}

export async function readJson(req) {
  const text = await readBody(req);
  return JSON.parse(text);
}

/** Only same-site paths: an open redirect through `return=` would be a phishing helper. */
export function safeReturn(value, fallback = '/') {
  const v = String(value || '');
  return /^\/(?![/\\])[^\s]*$/.test(v) ? v : fallback;
}

export function wantsJson(req) {
  return String(req.headers.accept || '').includes('application/json');
}

export const VISITOR_COOKIE = 'cartlift_visitor';

export function sendHtml(ctx, body, status = 200) {
  const text = String(body);
  ctx.res.writeHead(status, { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store', 'Content-Length': Buffer.byteLength(text) });
  ctx.res.end(ctx.req.method === 'HEAD' ? undefined : text);
}

