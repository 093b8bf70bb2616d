// Parsing rules of the edge worker (cart cookie, embedded cart, header helpers), in plain Node.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { addToken, cartFromCookie, cartFromEmbeddedJson, escapeHtml, forbidsTransform, isEncoded, isHtml, matchPage, readConfig } from '../edge/lib.js';

const enc = (v) => encodeURIComponent(JSON.stringify(v));

test('cart cookie: found among other cookies, lines merged, client prices dropped', () => {
  const r = cartFromCookie(`a=1; cartlift_cart=${enc([{ id: 'X', qty: 2, price: 1 }, { id: 'Y' }, { id: 'X', qty: 1 }])}; b=2`);
  assert.deepEqual(r, { state: 'ok', cart: [{ id: 'X', qty: 3 }, { id: 'Y', qty: 1 }] });
});

test('cart cookie: absent vs invalid', () => {
  assert.equal(cartFromCookie(undefined).state, 'absent');
  assert.equal(cartFromCookie('a=1').state, 'absent');
  assert.equal(cartFromCookie('cartlift_cart=%E0%A4%A').reason, 'cookie_malformed');
  assert.equal(cartFromCookie('cartlift_cart=not-json').reason, 'cookie_malformed');
  assert.equal(cartFromCookie(`cartlift_cart=${enc({ id: 'X' })}`).reason, 'cookie_not_a_cart');
  assert.equal(cartFromCookie(`cartlift_cart=${enc([{ id: 'X', qty: 0 }])}`).state, 'invalid');
  assert.equal(cartFromCookie(`cartlift_cart=${enc([{ id: 'X', qty: 1.5 }])}`).state, 'invalid');
  assert.equal(cartFromCookie(`cartlift_cart=${enc([{ id: 'é'.repeat(129) }])}`).state, 'invalid', 'ids over 256 bytes');
  assert.equal(cartFromCookie(`cartlift_cart=${enc(Array.from({ length: 101 }, (_, i) => ({ id: `${i}` })))}`).reason, 'cookie_too_many_lines');
  assert.equal(cartFromCookie(`cartlift_cart=${'x'.repeat(4097)}`).reason, 'cookie_too_large');
  assert.equal(cartFromCookie(`cartlift_cart=${enc([{ id: 'X' }])}; cartlift_cart=${enc([{ id: 'Y' }])}`).reason, 'duplicate_cookie');
});

test('embedded cart: array or {cart}, bounded', () => {
  assert.deepEqual(cartFromEmbeddedJson('[{"id":"A","qty":2}]'), [{ id: 'A', qty: 2 }]);
  assert.deepEqual(cartFromEmbeddedJson('{"cart":[{"id":"A"}]}'), [{ id: 'A', qty: 1 }]);
  assert.equal(cartFromEmbeddedJson('{'), null);
  assert.equal(cartFromEmbeddedJson(`[${'{"id":"A"},'.repeat(2000)}{"id":"B"}]`), null);
});

test('response and request predicates', () => {
  assert.ok(isHtml('text/html; charset=utf-8'));
  assert.ok(!isHtml('application/xhtml+xml'));
  assert.ok(isEncoded('gzip') && isEncoded('identity, br') && !isEncoded('identity') && !isEncoded(null));
  assert.ok(forbidsTransform('public, no-transform') && !forbidsTransform('no-store'));
  assert.equal(addToken('Accept-Encoding', 'Cookie'), 'Accept-Encoding, Cookie');
  assert.equal(addToken('cookie', 'Cookie'), 'cookie');
  assert.equal(addToken(null, 'Cookie'), 'Cookie');
  assert.equal(matchPage('/cart/', ['/cart', '/checkout']), 'cart');
  assert.equal(matchPage('/checkout', ['/cart', '/checkout']), 'checkout');
  assert.equal(matchPage('/cartoon', ['/cart']), null);
  assert.equal(escapeHtml(`<a href="x" onclick='y'>&`), '&lt;a href=&quot;x&quot; onclick=&#39;y&#39;&gt;&amp;');
});

test('configuration from bindings', () => {
  const c = readConfig({ ORIGIN: 'http://127.0.0.1:8080/', BUDGET_MS: '20', PATHS: 'basket, /checkout/' });
  assert.equal(c.origin, 'http://127.0.0.1:8080');
  assert.equal(c.budgetMs, 20);
  assert.deepEqual(c.paths, ['/basket', '/checkout']);
  assert.equal(readConfig({ BUDGET_MS: 'soon' }).budgetMs, 50);
  assert.equal(readConfig({ INJECT: 'off' }).inject, false);
  assert.equal(readConfig({}).inject, true);
});
