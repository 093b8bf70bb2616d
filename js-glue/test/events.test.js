// aggregateEvents and its intervals against values computed by hand and published references:
// Wilson 0/10 → [0, 0.2775] and 5/10 → [0.2366, 0.7634]; Newcombe (1998, Stat Med 17:873,
// method 10) 56/70 − 48/80 → [0.0524, 0.3339].
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { aggregateEvents, CartliftError, createEvent } from '../src/node.js';
import { meanDiff, meanInterval, proportionDiff, wilson } from '../src/events/index.js';

const near = (actual, expected, eps = 1e-4) =>
  assert.ok(Math.abs(actual - expected) <= eps, `expected ${expected}, got ${actual}`);

describe('intervals', () => {
  test('Wilson score interval matches the textbook values', () => {
    const zero = wilson(0, 10);
    assert.equal(zero.rate, 0);
    assert.equal(zero.lo, 0);
    near(zero.hi, 0.2775);
    const half = wilson(5, 10);
    near(half.lo, 0.2366);
    near(half.hi, 0.7634);
    assert.deepEqual(wilson(0, 0), { rate: null, lo: null, hi: null, k: 0, n: 0 });
  });

  test("Newcombe's hybrid score interval for a difference matches the paper", () => {
    const d = proportionDiff(wilson(56, 70), wilson(48, 80));
    near(d.diff, 0.2, 1e-12);
    near(d.lo, 0.0524);
    near(d.hi, 0.3339);
    assert.deepEqual(proportionDiff(wilson(1, 2), wilson(0, 0)), { diff: null, lo: null, hi: null });
  });

  test('mean and Welch difference by hand', () => {
    // 1000, 2000, 3000: mean 2000, s = 1000, half width 1.96·1000/√3 = 1131.59
    const m = meanInterval([1000, 2000, 3000]);
    assert.equal(m.mean, 2000);
    assert.equal(m.sd, 1000);
    near(m.lo, 2000 - 1131.59, 0.01);
    near(m.hi, 2000 + 1131.59, 0.01);
    assert.deepEqual(meanInterval([5]), { mean: 5, lo: null, hi: null, sd: null, n: 1 });
    // (2000 − 3000) ± 1.96·√(1000²/3 + 1000²/3) = −1000 ± 1600.3
    const d = meanDiff(m, meanInterval([2000, 3000, 4000]));
    assert.equal(d.diff, -1000);
    near(d.lo, -2600.30, 0.01);
    near(d.hi, 600.30, 0.01);
  });
});

// fbt: 4 visitors, 10 impressions, 3 clicks; a1 adds P1 and orders it (attached), a2 adds P2 but
// orders Y, a3 orders P1 without adding it, a1's second order comes after the first reset its
// adds. Orders 3000, 1000, 2000, 4000 → AOV 2500, s = 1290.99.
// control: c1..c3 order 1500, 2500, 2000 → AOV 2000, s = 500; c4 only visits.
function fixture() {
  const E = 'fbt-vs-control';
  const ev = (type, arm, visitor, extra = {}) => ({ type, experiment: E, arm, visitor, ts: '2026-11-23T10:00:00Z', ...extra });
  const events = [];
  for (let i = 0; i < 10; i++) events.push(ev('impression', 'fbt', `a${(i % 4) + 1}`, { product_ids: ['P1', 'P2'] }));
  events.push(ev('click', 'fbt', 'a1'), ev('click', 'fbt', 'a2'), ev('click', 'fbt', 'a2'));
  events.push(ev('add', 'fbt', 'a1', { product_ids: ['P1'] }), ev('add', 'fbt', 'a2', { product_ids: ['P2'] }));
  events.push(
    ev('order', 'fbt', 'a1', { product_ids: ['P1', 'X'], value: 3000 }),
    ev('order', 'fbt', 'a2', { product_ids: ['Y'], value: 1000 }),
    ev('order', 'fbt', 'a3', { product_ids: ['P1'], value: 2000 }),
    ev('order', 'fbt', 'a1', { product_ids: ['P1'], value: 4000 }),
  );
  events.push(
    ev('visit', 'control', 'c4'),
    ev('order', 'control', 'c1', { product_ids: ['P1'], value: 1500 }),
    ev('order', 'control', 'c2', { product_ids: ['Q'], value: 2500 }),
    ev('order', 'control', 'c3', { product_ids: ['P2'], value: 2000 }),
  );
  // Not counted: no arm, unknown type, and (with options.experiment) another experiment.
  events.push({ type: 'order', visitor: 'z', value: 99 }, { type: 'purchase', arm: 'fbt', visitor: 'z' });
  events.push({ type: 'order', experiment: 'other', arm: 'fbt', visitor: 'o', value: 1 });
  return events;
}

describe('aggregateEvents', () => {
  test('per-arm counts, rates and AOV with 95 % intervals', () => {
    const s = aggregateEvents(fixture(), { experiment: 'fbt-vs-control' });
    assert.equal(s.total, 23);
    assert.equal(s.skipped, 2);
    assert.equal(s.control, 'control');
    assert.deepEqual(Object.keys(s.arms), ['fbt', 'control']);
    const f = s.arms.fbt;
    assert.deepEqual(
      { visitors: f.visitors, impressions: f.impressions, clicks: f.clicks, adds: f.adds, orders: f.orders, attached: f.attached, revenue: f.revenue },
      { visitors: 4, impressions: 10, clicks: 3, adds: 2, orders: 4, attached: 1, revenue: 10000 },
    );
    // Wilson 3/10: [0.1078, 0.6032]; 1/4: [0.0456, 0.6994]
    near(f.clickRate.rate, 0.3, 1e-12);
    near(f.clickRate.lo, 0.1078);
    near(f.clickRate.hi, 0.6032);
    near(f.attachRate.rate, 0.25, 1e-12);
    near(f.attachRate.lo, 0.0456);
    near(f.attachRate.hi, 0.6994);
    // 2500 ± 1.96·1290.99/2
    assert.equal(f.aov.mean, 2500);
    near(f.aov.lo, 1234.85, 0.01);
    near(f.aov.hi, 3765.15, 0.01);

    const c = s.arms.control;
    assert.equal(c.visitors, 4);
    assert.equal(c.impressions, 0);
    assert.equal(c.clickRate.rate, null);
    assert.equal(c.attachRate.rate, 0);
    near(c.attachRate.hi, 0.5615);
    assert.equal(c.aov.mean, 2000);
    near(c.aov.lo, 1434.21, 0.01);
    assert.equal(c.vsControl, null);

    // fbt − control: click rate undefined (control has no impressions); attach 0.25 with
    // Newcombe [−0.3475, 0.6994]; AOV 500 ± 1.96·√(1290.99²/4 + 500²/3) = [−885.90, 1885.90].
    assert.deepEqual(f.vsControl.clickRate, { diff: null, lo: null, hi: null });
    near(f.vsControl.attachRate.diff, 0.25, 1e-12);
    near(f.vsControl.attachRate.lo, -0.3475);
    near(f.vsControl.attachRate.hi, 0.6994);
    assert.equal(f.vsControl.aov.diff, 500);
    near(f.vsControl.aov.lo, -885.90, 0.01);
    near(f.vsControl.aov.hi, 1885.90, 0.01);
  });

  test('without an experiment filter every experiment counts; listed arms come first', () => {
    const s = aggregateEvents(fixture(), { arms: ['control', 'fbt', 'empty'] });
    assert.equal(s.total, 24);
    assert.deepEqual(Object.keys(s.arms), ['control', 'fbt', 'empty']);
    assert.equal(s.arms.fbt.orders, 5);
    assert.equal(s.arms.empty.visitors, 0);
    assert.equal(s.arms.empty.aov.mean, null);
    assert.deepEqual(s.arms.empty.vsControl.aov, { diff: null, lo: null, hi: null });
  });

  test('no control arm, no differences; another baseline on request', () => {
    const events = fixture().filter((e) => e.arm !== 'control');
    const s = aggregateEvents(events);
    assert.equal(s.control, null);
    assert.equal(s.arms.fbt.vsControl, null);
    const t = aggregateEvents(fixture(), { control: 'fbt', experiment: 'fbt-vs-control' });
    assert.equal(t.control, 'fbt');
    assert.equal(t.arms.control.vsControl.aov.diff, -500);
  });

  test('bad input is a typed error; junk events are skipped, not fatal', () => {
    assert.throws(() => aggregateEvents(null), (e) => e instanceof CartliftError && e.code === 'wrong_type');
    const s = aggregateEvents([null, 3, 'x', { type: 'click' }, { type: 'click', arm: '' }]);
    assert.equal(s.skipped, 5);
    assert.deepEqual(s.arms, {});
  });
});

describe('createEvent', () => {
  test('keeps the format members, bounds them and stamps ts', () => {
    const e = createEvent({ type: 'order', arm: 'fbt', visitor: 'v-1', experiment: 'x', product_ids: ['A', 7], value: 2545, junk: 1 });
    assert.deepEqual(Object.keys(e), ['type', 'experiment', 'arm', 'visitor', 'product_ids', 'value', 'ts']);
    assert.deepEqual(e.product_ids, ['A', '7']);
    assert.ok(!Number.isNaN(Date.parse(e.ts)));
    assert.equal(createEvent({ type: 'click', arm: 'a', ts: 'T' }).ts, 'T');
    for (const [bad, path] of [[{ type: 'buy', arm: 'a' }, '/type'], [{ type: 'click' }, '/arm'], [{ type: 'order', arm: 'a', value: 1.5 }, '/value'], [{ type: 'add', arm: 'a', product_ids: 'A' }, '/product_ids']]) {
      assert.throws(() => createEvent(bad), (err) => err instanceof CartliftError && err.path === path, JSON.stringify(bad));
    }
  });
});
