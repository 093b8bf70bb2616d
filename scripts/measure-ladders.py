#!/usr/bin/env python3
"""Measures the upgrade ladders `cartlift build` infers on the Online Retail catalog (docs/quality.md).

1. Builds the demo bundle as scripts/demo.sh does and counts inferred edges and coverage.
2. Builds again from the catalog with the curated ladders (scripts/upgrade-ladders.json) taken out,
   and reports how many curated steps the inference finds on its own (recall), and which it misses.
3. Prints a seeded random sample of inferred edges from step 1 for hand-checking.

usage: python3 scripts/measure-ladders.py [--cli build/native-release/bin/cartlift] [--sample 40] [--seed 1]
                                         [--max-delta X]   (rules.upsell_max_delta for both builds; default 0.5)
"""
import argparse
import json
import os
import random
import subprocess
import sys
import tempfile

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
ORDERS = os.path.join(REPO, "data", "online-retail", "orders-2010-12_2011-05.csv.gz")
CATALOG = os.path.join(REPO, "data", "online-retail", "catalog.json")
LADDERS = os.path.join(REPO, "scripts", "upgrade-ladders.json")


def build(cli, catalog, out, rules=None):
    cmd = [cli, "build", "--orders", ORDERS, "--catalog", catalog, "-o", out, "--quiet"]
    if rules:
        cmd += ["--rules", rules]
    subprocess.run(cmd, check=True)
    with open(out, encoding="utf-8") as f:
        return json.load(f)


def edges_of(bundle):
    products = {p["id"]: p for p in bundle["products"]}
    return products, [(p["id"], p["inferred_upgrade"]) for p in bundle["products"] if "inferred_upgrade" in p]


def money(p):
    return float(p["price"])


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--cli", default=os.path.join(REPO, "build", "native-release", "bin", "cartlift"))
    ap.add_argument("--sample", type=int, default=40)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--max-delta", type=float, default=None)
    args = ap.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        rules = None
        if args.max_delta is not None:
            rules = os.path.join(tmp, "rules.json")
            with open(rules, "w", encoding="utf-8") as f:
                json.dump({"upsell_max_delta": args.max_delta}, f)
        cap = 0.5 if args.max_delta is None else args.max_delta
        demo = build(args.cli, CATALOG, os.path.join(tmp, "demo.json"), rules)
        products, edges = edges_of(demo)
        explicit = [p for p in demo["products"] if p.get("family") or p.get("upgrades_to")]
        eligible = len(products) - len(explicit)
        print(f"demo bundle: {len(products)} products, {len(explicit)} in curated ladders")
        top = {}
        for p in explicit:
            top[p.get("family")] = max(top.get(p.get("family"), 0), p.get("tier", 0))
        curated_up = sum(1 for p in explicit if p.get("tier", 0) < top[p.get("family")])
        print(f"inferred edges: {len(edges)}; products with an inferred upgrade: {len(edges)} of {eligible} "
              f"without a curated ladder ({100 * len(edges) / eligible:.1f} %); with the {curated_up} curated "
              f"steps, {100 * (len(edges) + curated_up) / len(products):.1f} % of all products have an upgrade")
        by_name = {}
        for _, e in edges:
            for d in e.get("diff", []):
                by_name[d["name"]] = by_name.get(d["name"], 0) + 1
        print("changed parts:", ", ".join(f"{k} {v}" for k, v in sorted(by_name.items())))
        confs = sorted(e["confidence"] for _, e in edges)
        if confs:
            print(f"confidence: min {confs[0]}, median {confs[len(confs) // 2]}, max {confs[-1]}")

        # Recall: the same catalog without the curated ladders.
        with open(CATALOG, encoding="utf-8") as f:
            cat = json.load(f)
        for p in cat["products"]:
            for k in ("family", "tier", "attributes", "upgrades_to"):
                p.pop(k, None)
        stripped = os.path.join(tmp, "stripped.json")
        with open(stripped, "w", encoding="utf-8") as f:
            json.dump(cat, f)
        bare = build(args.cli, stripped, os.path.join(tmp, "bare.json"), rules)
        bare_products, bare_edges = edges_of(bare)
        found_to = {a: e["to"] for a, e in bare_edges}
        with open(LADDERS, encoding="utf-8") as f:
            ladders = json.load(f)["families"]
        steps = found = offerable = found_offerable = 0
        misses = []
        for fam in ladders:
            ids = [m["id"] for m in fam["members"]]
            for a, b in zip(ids, ids[1:]):
                steps += 1
                within = cap <= 0 or money(bare_products[b]) <= (1 + cap) * money(bare_products[a])
                offerable += within
                hit = found_to.get(a) == b
                found += hit
                found_offerable += hit and within
                if not hit:
                    got = found_to.get(a)
                    misses.append(f"  {bare_products[a]['title']} ({bare_products[a]['price']}) -> "
                                  f"{bare_products[b]['title']} ({bare_products[b]['price']})"
                                  f"{'' if within else ' [over the cap]'}"
                                  f"{'' if not got else ' [inferred ' + bare_products[got]['title'] + ' instead]'}")
        print(f"curated ladders: {found} of {steps} steps inferred without the curated data "
              f"({100 * found / steps:.0f} %); {found_offerable} of {offerable} steps within the +{100 * cap:.0f} % cap "
              f"({100 * found_offerable / max(1, offerable):.0f} %)")
        print(f"  (catalog without curated ladders: {len(bare_edges)} edges)")
        print("missed:")
        print("\n".join(misses))

        rng = random.Random(args.seed)
        sample = rng.sample(edges, min(args.sample, len(edges)))
        print(f"\nrandom sample of {len(sample)} inferred edges (seed {args.seed}):")
        for i, (a, e) in enumerate(sample, 1):
            pa, pb = products[a], products[e["to"]]
            diff = "; ".join(f"{d['name']} {d['from']} -> {d['to']}" for d in e.get("diff", []))
            print(f"{i:2d}. {pa['title']} ({pa['price']}) -> {pb['title']} ({pb['price']}) "
                  f"[{'/'.join(pa.get('category', []))}] conf {e['confidence']} | {diff}")


if __name__ == "__main__":
    sys.exit(main())
