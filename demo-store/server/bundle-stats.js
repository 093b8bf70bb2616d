// Statistics of the loaded bundle for the dashboard, computed once at load from the bundle JSON
// itself (the same file the engine serves), so they describe exactly what is being served.

export function bundleStats(bundle, catalog) {
  const built = bundle.built_from || {};
  const totalOrders = Number(built.orders) || 0;
  const ordersOf = new Map((bundle.products || []).map((p) => [String(p.id), Number(p.orders) || 0]));
  const seen = new Set();
  const pairs = [];
  let withNeighbours = 0;
  for (const a of bundle.associations || []) {
    if (a.neighbours?.length) withNeighbours++;
    for (const n of a.neighbours || []) {
      const key = a.id < n.id ? `${a.id}|${n.id}` : `${n.id}|${a.id}`;
      if (seen.has(key)) continue;
      seen.add(key);
      pairs.push({ a: String(a.id), b: String(n.id), co: Number(n.co) || 0 });
    }
  }
  pairs.sort((x, y) => y.co - x.co || (x.a + x.b < y.a + y.b ? -1 : 1));
  const strongest = pairs.slice(0, 12).map((p) => {
    const oa = ordersOf.get(p.a) || 0;
    const ob = ordersOf.get(p.b) || 0;
    return {
      ...p,
      titleA: catalog.get(p.a)?.name ?? p.a,
      titleB: catalog.get(p.b)?.name ?? p.b,
      ordersA: oa,
      ordersB: ob,
      confidence: oa ? p.co / oa : null, // P(B | A)
      lift: oa && ob && totalOrders ? (p.co * totalOrders) / (oa * ob) : null,
    };
  });
  return {
    orders: totalOrders,
    orderItems: Number(built.order_items) || 0,
    products: (bundle.products || []).length,
    pairsKept: Number(built.pairs_kept) || pairs.length,
    withNeighbours,
    dateRange: built.date_range || [],
    scorer: built.scorer || '',
    skipped: built.skipped || {},
    inputs: built.inputs || [],
    strongest,
  };
}
