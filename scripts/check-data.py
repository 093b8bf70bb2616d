#!/usr/bin/env python3
"""Checks the committed real data in data/: the demo catalog and the file hashes in data/SOURCE.md.

    python3 scripts/check-data.py [--data DIR]

Exits 0 and prints counts when everything holds; prints every problem and exits 1 otherwise.
Standard library only; runs in the test suite.
"""
import argparse
import collections
import hashlib
import json
import os
import re
import sys
from decimal import Decimal, InvalidOperation

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
PRICE_TEXT = re.compile(r"^\d+(\.\d{1,2})?$")  # GBP has two decimals


def check_catalog(path, problems):
    try:
        with open(path, encoding="utf-8") as f:
            doc = json.load(f)
    except (OSError, ValueError) as e:
        problems.append(f"{path}: cannot read: {e}")
        return None
    if doc.get("format") != "cartlift.catalog/1":
        problems.append(f"{path}: format is {doc.get('format')!r}, expected 'cartlift.catalog/1'")
    if doc.get("currency") != "GBP":
        problems.append(f"{path}: currency is {doc.get('currency')!r}, expected 'GBP'")
    products = doc.get("products")
    if not isinstance(products, list) or not products:
        problems.append(f"{path}: no products")
        return None

    seen = set()
    families = collections.defaultdict(list)
    for i, p in enumerate(products):
        where = f"products[{i}]"
        pid = p.get("id")
        if not isinstance(pid, str) or not 1 <= len(pid.encode("utf-8")) <= 256:
            problems.append(f"{where}: id missing or not 1-256 bytes")
            continue
        where = f"product {pid}"
        if pid in seen:
            problems.append(f"{where}: duplicate id")
        seen.add(pid)
        if not isinstance(p.get("title"), str) or not p["title"].strip():
            problems.append(f"{where}: title missing or empty")
        price = p.get("price")
        try:
            if not isinstance(price, str) or not PRICE_TEXT.match(price):
                raise InvalidOperation
            amount = Decimal(price)
        except InvalidOperation:
            problems.append(f"{where}: price {price!r} is not a decimal string with ≤ 2 decimals")
            amount = None
        if amount is not None and amount <= 0:
            problems.append(f"{where}: price {price} is not positive")
        category = p.get("category")
        if (not isinstance(category, list) or not 1 <= len(category) <= 2
                or not all(isinstance(c, str) and c for c in category)):
            problems.append(f"{where}: category {category!r} is not a 1-2 level path")
        if "family" in p or "tier" in p:
            if not isinstance(p.get("family"), str) or not isinstance(p.get("tier"), int):
                problems.append(f"{where}: family and tier must come together")
            else:
                families[p["family"]].append((p["tier"], amount, pid))

    for fam, members in sorted(families.items()):
        members.sort(key=lambda m: (m[0], m[2]))
        tiers = [m[0] for m in members]
        if tiers != list(range(1, len(members) + 1)):
            problems.append(f"family {fam}: tiers are {tiers}, expected 1..{len(members)}")
        if len(members) < 2:
            problems.append(f"family {fam}: a ladder needs at least two products")
        for lower, upper in zip(members, members[1:]):
            if lower[1] is not None and upper[1] is not None and not upper[1] > lower[1]:
                problems.append(f"family {fam}: tier {upper[0]} ({upper[2]}, £{upper[1]}) is "
                                f"not dearer than tier {lower[0]} ({lower[2]}, £{lower[1]})")
    return products, families


def check_hashes(data_dir, problems):
    """Every file listed in data/SOURCE.md has the SHA-256 written there, and exists."""
    source_md = os.path.join(data_dir, "SOURCE.md")
    try:
        with open(source_md, encoding="utf-8") as f:
            text = f.read()
    except OSError as e:
        problems.append(f"{source_md}: cannot read: {e}")
        return 0
    listed = re.findall(r"^\| `data/([^`]+)` \| [\d,]+ \| `([0-9a-f]{64})` \|$", text, re.M)
    if not listed:
        problems.append(f"{source_md}: lists no files with SHA-256")
    for rel, expected in listed:
        path = os.path.join(data_dir, rel)
        try:
            with open(path, "rb") as f:
                actual = hashlib.sha256(f.read()).hexdigest()
        except OSError as e:
            problems.append(f"data/{rel}: cannot read: {e}")
            continue
        if actual != expected:
            problems.append(f"data/{rel}: SHA-256 {actual} differs from data/SOURCE.md; "
                            "regenerate with scripts/derive-data.py instead of editing by hand")
    return len(listed)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--data", default=os.path.join(REPO, "data"), help="data folder (data/)")
    args = ap.parse_args()

    problems = []
    catalog_path = os.path.join(args.data, "online-retail", "catalog.json")
    result = check_catalog(catalog_path, problems)
    hashed = check_hashes(args.data, problems)

    if result is not None:
        products, families = result
        cats = collections.Counter(" > ".join(p.get("category") or ["?"]) for p in products)
        print(f"catalog: {len(products)} products, {len(cats)} categories, "
              f"{len(families)} upgrade ladders ({sum(len(m) for m in families.values())} "
              "products in ladders)")
        for cat, n in sorted(cats.items(), key=lambda kv: (-kv[1], kv[0])):
            print(f"  {n:5d}  {cat}")
    print(f"hashes: {hashed} files checked against data/SOURCE.md")
    if problems:
        for p in problems:
            print("check-data: " + p, file=sys.stderr)
        print(f"check-data: {len(problems)} problem(s)", file=sys.stderr)
        sys.exit(1)
    print("check-data: ok")


if __name__ == "__main__":
    main()
