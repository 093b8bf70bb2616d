#!/usr/bin/env python3
"""Derive the small, committed real-data set in data/ from the full datasets in ../shared/data.

A clone of the repository has no ../shared, so the demo store, the tests and the examples run on
what this script writes. Output is deterministic: running it twice gives byte-identical files.

    python3 scripts/derive-data.py --shared ../shared/data

Standard library only. Every source file is checked against the SHA-256 published in its
SOURCE.md before anything is written, so data/ can only come from the documented inputs.
"""
import argparse
import collections
import csv
import gzip
import hashlib
import io
import json
import os
import re
import sys
from decimal import Decimal, ROUND_HALF_UP

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
LADDERS_FILE = os.path.join(REPO, "scripts", "upgrade-ladders.json")
SIZE_BUDGET = 10 * 1000 * 1000

TRAIN_SRC = "online_retail_2010-12_2011-05.csv"
TEST_SRC = "online_retail_2011-06_2011-08.csv"

# The UCI data marks postage, fees, discounts and samples with codes of their own; only codes of
# this shape are goods a shopper can put in a cart.
PRODUCT_CODE = re.compile(r"^\d{5}[A-Za-z]*$")
# A few product-shaped codes are services all the same; a shopper cannot be offered them.
SERVICE_TITLES = {"NEXT DAY CARRIAGE"}

# Category rules, tried in order; the first rule with a keyword in the title wins. Keywords match
# whole words (a trailing S or ES is allowed), so TEA does not hit TEATIME and RING does not hit
# EARRINGS. The order is what resolves overlaps, in four bands:
#   1. seasonal themes (a Christmas candle belongs to Christmas);
#   2. compound names that would otherwise be split wrongly (CAKE CASES are not PAPER CUPS,
#      a CARD HOLDER is not a card, a BAG CHARM is not a bag);
#   3. object nouns, the thing the product is (MUG, DOORMAT, NECKLACE, SIGN ...);
#   4. motif words, which are usually a print on something else (HEART, BIRD, CAKE, GARDEN) and
#      only decide when no object noun matched.
# Design names that run across many object types (SPACEBOY, DOLLY GIRL, MAGIC GARDEN, PANTRY,
# CHARLIE AND LOLA) are deliberately not keywords: they say nothing about what the thing is.
XMAS = ["Seasonal", "Christmas"]
EASTER = ["Seasonal", "Easter"]
PARTY = ["Party"]
BAGS = ["Bags"]
JEWEL = ["Jewellery & accessories"]
LIGHTS = ["Home", "Candles & lights"]
DECOR = ["Home", "Decor"]
STORAGE = ["Home", "Storage"]
TEXTILES = ["Home", "Textiles"]
BATH = ["Home", "Bath & body"]
STATIONERY = ["Stationery & gift wrap"]
CRAFTS = ["Crafts & sewing"]
TOYS = ["Toys & games"]
GARDEN = ["Garden"]
BAKING = ["Kitchen & dining", "Baking"]
TABLEWARE = ["Kitchen & dining", "Tableware"]
KITCHEN = ["Kitchen & dining", "Kitchen"]
OTHER = ["Other"]

CATEGORY_RULES = [
    # 1. seasonal themes
    (XMAS, ["CHRISTMAS", "XMAS", "ADVENT", "SANTA", "REINDEER", "SNOWFLAKE", "SNOWMAN",
            "NATIVITY", "BAUBLE", "TINSEL", "NOEL", "JINGLE BELL", "YULETIDE", "ICICLE",
            "STOCKING", "ANGEL", "BLACKCHRISTMAS"]),
    (EASTER, ["EASTER"]),
    # 2. compound names
    (BAKING, ["CAKE CASES", "CUP CAKE CASES", "PETIT FOUR CASES", "CAKE STAND", "CAKESTAND",
              "CAKE TIN", "MIXING BOWL", "COOKIE CUTTER", "COOKIE JAR"]),
    (DECOR, ["CARD HOLDER", "CARDHOLDER", "DRAWER KNOB", "DRAWERKNOB", "PAPER PARASOL",
             "DECORATIVE PARASOL", "PHOTO FRAME", "PHOTOFRAME", "PICTURE FRAME", "DOOR HANGER",
             "COAT HANGER", "COATHANGER", "MEMO BOARD", "MEMOBOARD", "HONEYCOMB", "SIGN",
             "DOORSIGN", "PLAQUE", "KITCHEN PRINT", "DISCO BALL", "MIRROR BALL", "P'WEIGHT",
             "PAPERWEIGHT"]),
    (JEWEL, ["BAG CHARM", "PHONE CHARM", "TRAVEL CARD WALLET", "GLASSES CASE", "KEY RING",
             "KEYRING", "KEY FOB", "COMPACT MIRROR", "HAND WARMER", "PASSPORT COVER",
             "LUGGAGE TAG", "RAIN MAC", "RAIN HAT", "RAIN PONCHO", "EAR MUFF", "EARRINGS",
             "EARRING", "NECKLACE", "VIPPASSPORT", "KEY-CHAIN", "BEAD CHARM", "PHONE CHAR"]),
    (TOYS, ["PLAYING CARDS", "SNAP CARDS", "CATCH CUP", "SOFT TOY", "BEACH SPADE",
            "SEASIDE BUCKET", "SANDCASTLE", "FELT FARM ANIMAL", "SOCK PUPPET", "WRITING SET",
            "JIGSAW", "PLAYHOUSE", "DOMINOES", "SKIPPING ROPE", "SKIPPPING ROPE", "WATER BOMB",
            "STRESS BALL", "GLOW IN DARK"]),
    (PARTY, ["COCKTAIL PARASOL", "PARTY BAG", "PAPER CHAIN", "PAPER CUP", "PAPER PLATE",
             "NAPKIN RING", "NAPKIN CHARMS"]),
    (STATIONERY, ["GIFT BOXES", "GIFT TAG", "GIFT TAPE", "BOOKCOVER TAPE", "WRAPPING TAPE",
                  "TISSUE REAM", "PENCIL CASE", "PEN CASE"]),
    (CRAFTS, ["TAPE MEASURE", "MEASURING TAPE", "SEWING KIT", "KNITTING KIT", "STENCIL CRAFT",
              "IRON ON", "MODELLING CLAY", "KNITTING NANCY", "PAINT YOUR OWN", "NEEDLE SET",
              "PIN CUSHION"]),
    (LIGHTS, ["T-LIGHT HOLDER", "T-LIGHT HLDR", "TEALIGHT HOLDER", "NIGHT LIGHT", "NIGHTLIGHT",
              "FAIRY LIGHTS", "TEA LIGHTS", "TABLE LIGHT", "LIGHT CHAIN", "LIGHT GARLAND",
              "STRING OF 10", "MATCHES", "BEDSIDE LIGHT",
              "CHOCOLATECANDLE"]),
    (TEXTILES, ["TEA TOWEL", "HOT WATER BOTTLE", "CUSHION COVER", "C/COVER", "OVEN GLOVE",
                "OVEN MITT", "TEA COSY", "EGG COSY", "FILLER PAD", "TABLE RUN", "TABLE CLOTH",
                "SQUARECUSHION", "IRONING BOARD"]),
    (BATH, ["BATHROOM SCALES", "SOAP DISH", "SOAP HOLDER", "SOAP RACK", "TISSUE BOX",
            "SHOWER CAP", "LIP GLOSS", "HAND CREAM", "FIRST AID"]),
    (GARDEN, ["GARDEN PARASOL", "GARDEN FORK", "GARDEN TROWEL", "GARDEN MARKER", "HERB MARKER",
              "WATERING CAN", "PLANT POT", "FLOWER POT", "PLANT HOLDER", "PLANT CAGE",
              "BIRD FEEDER", "BIRD HOUSE", "BIRDHOUSE", "BIRD TABLE", "GROW YOUR OWN", "GROW A",
              "KNEELING PAD", "KNEELING MAT", "GARDEN SHELF", "GARDEN GLOVES", "CHILDS GARDEN"]),
    (KITCHEN, ["LUNCH BOX", "JAM MAKING", "JAM JAR", "BREAD BIN", "FOOD COVER", "FOOD CONTAINER",
               "RECIPE BOX", "FRYING PAN", "MILK PAN", "WASHING UP", "SPICE TIN", "BOTTLE OPENER",
               "CHOPPING BOARD", "ROLLING PIN", "APPLE CORER", "PASTRY BRUSH", "SCRUBBING BRUSH",
               "UTENSIL HOLDER", "SALT AND PEPPER", "TOAST RACK", "TOASTRACK", "SQUEEZER"]),
    (TABLEWARE, ["TEA SET", "EGG CUP", "BREAKFAST SET", "BREAKFAST TRAY", "DINNER TRAY",
                 "PICNIC BASKET", "PICNIC HAMPER", "PICNIC BOXES", "WINE GLASS",
                 "CHAMPAGNE GLASS", "MILKSHAKE GLASS", "TEA GLASS", "MILK BOTTLE",
                 "SUGAR DISPENSER", "SUGAR TONGS", "POPCORN HOLDER"]),
    (STORAGE, ["MONEY BOX", "MONEY BANK", "PIGGY BANK", "TRINKET BOX", "TRINKET POT",
               "JEWELLERY STAND", "JEWELLERY BOX", "JEWELLERY DRAWER", "STORAGE JAR",
               "COAT RACK", "TOY TIDY", "TABLE POT", "SHELF WITH HOOKS", "SHELF + HOOKS",
               "CABINET WITH HOOKS"]),
    # Gadgets and tools are not a department of this store; naming them here keeps a stray
    # keyword (BOX, ROSE) from filing them somewhere they do not belong.
    (OTHER, ["BOOM BOX", "BOOMBOX", "SPIRIT LEVEL", "SCREWDRIVER", "TOOL SET", "RADIO"]),
    # 3. object nouns
    (LIGHTS, ["CANDLE", "CANDLES", "T-LIGHT", "T-LIGHTS", "TLIGHT", "TEALIGHT", "LANTERN",
              "CANDLEHOLDER", "CANDLESTICK", "CANDLEPOT", "CANDLESTAND", "VOTIVE", "LAMP",
              "LAMPSHADE", "SHADE", "CHANDELIER", "INCENSE", "OIL BURNER", "LIGHTS", "TORCH"]),
    (STATIONERY, ["CARD", "CARDS", "WRAP", "GIFT WRAP", "WRAPPING PAPER", "ENVELOPE",
                  "NOTEBOOK", "NOTE BOOK", "NOTEPAD", "NOTELETS", "SKETCHBOOK", "JOURNAL",
                  "POCKET BOOK", "SCRAP BOOK", "EXERCISE BOOK", "ADDRESS BOOK", "PHOTO ALBUM",
                  "DIARY", "CALENDAR", "PENCIL", "PEN", "PENS", "CRAYON", "CHALK", "ERASER",
                  "RUBBER", "SHARPENER", "RULER", "HIGHLIGHTER", "STICKER", "STICKERS",
                  "RIBBON", "RIBBONS", "TAPE", "STAMP", "STATIONERY", "POSTCARD", "HOLE PUNCH",
                  "CALCULATOR", "BOOKMARK", "INVITES"]),
    (BAGS, ["BAG", "SHOPPER", "TOTE", "HANDBAG", "WASHBAG", "BACKPACK", "RUCKSACK", "SATCHEL"]),
    (PARTY, ["BUNTING", "BALLOON", "BALLOONS", "NAPKIN", "NAPKINS", "CONFETTI", "STRAWS",
             "DOILIES", "PARTY CONES", "CRACKER", "PENNANT", "GRASS SKIRT", "SOMBRERO"]),
    (JEWEL, ["NECKLACE", "NECKL", "EARRINGS", "BRACELET", "BANGLE", "BROOCH", "PENDANT",
             "RING", "HAIR", "HAIRCLIP", "HAIRCLIPS", "HAIRBAND", "HAIRSLIDE", "TIARA",
             "PURSE", "WALLET", "UMBRELLA", "PARASOL", "SUNGLASSES", "SLIPPER", "JEWELLERY",
             "BADGE", "BADGES", "SCARF", "BRACLET", "NECKLAC", "CHOKER", "LARIAT"]),
    (TEXTILES, ["CUSHION", "DOORMAT", "APRON", "TOWEL", "FLANNEL", "THROW", "BLANKET", "QUILT",
                "CURTAIN", "WALLHANGING", "TABLECLOTH", "PLACEMAT", "RUG", "MAT", "POUFFE"]),
    (BATH, ["SOAP", "BATH", "BATHROOM", "TOILET", "SPONGE", "TOOTHBRUSH", "NAIL", "TISSUES",
            "MANICURE", "POTPOURRI", "POT POURI", "SACHET", "PLASTERS", "COSMETIC", "BALM",
            "FRAGRANCE"]),
    (DECOR, ["SIGN", "DOORSIGN", "PLAQUE", "FRAME", "CLOCK", "MIRROR", "HOOK", "HANGER",
             "DOORSTOP", "KNOB", "ORNAMENT", "DECORATION", "DEC", "GARLAND", "WREATH", "VASE",
             "CHALKBOARD", "BLACKBOARD", "BLACK BOARD", "MAGNET", "MAGNETS", "WALL ART",
             "CANVAS", "PICTURE", "PAPERWEIGHT", "ARTIFICIAL FLOWER", "MOBILE", "LETTERS",
             "BLOCK WORD", "NUMBER TILE", "SCREEN", "BUDDHA", "PEGS", "FLYING DUCKS",
             "FEATHER TREE", "PLACE SETTING", "WINDCHIME", "WIND CHIME", "CHIME"]),
    (TOYS, ["TOY", "GAME", "GAMES", "PUZZLE", "JIGSAW", "DOLL", "SKIPPING", "SPINNING TOP",
            "DOMINOES", "TEDDY", "KITE", "YO-YO", "MARBLES", "BUBBLES", "SNAKES", "LUDO",
            "BINGO", "SKITTLES", "HOOPLA", "PLAYHOUSE", "DRAWING SLATE", "COLOURING",
            "PAINT SET", "HELICOPTER", "FLYING DISC", "INFLATABLE", "PUPPET", "WATER PISTOL",
            "HARMONICA", "WHEELBARROW", "CREEPY CRAWLIE", "CREEPY CRAWLIES", "RATTLE",
            "BLOCKS", "SPACE CADET", "SOLDIER", "PIECE SNAKE", "DINOSAUR SET", "TATTOOS"]),
    (CRAFTS, ["SEWING", "KNITTING", "FELTCRAFT", "CRAFT", "PATCHES", "SCISSOR", "STENCIL"]),
    (GARDEN, ["PLANTER", "PLANTERS", "TROWEL", "SPADE", "GNOME", "WINDMILL", "HAMMOCK",
              "THERMOMETER", "SEED", "SEEDS", "BIRDBATH", "FEEDER", "WINDSOCK", "TWINE"]),
    (BAKING, ["BAKING", "MOULD", "MOULDS", "CUTTER", "CUTTERS", "ICING", "PASTRY", "CUPCAKE"]),
    (TABLEWARE, ["MUG", "CUP", "SAUCER", "PLATE", "BOWL", "TEAPOT", "TEACUP", "JUG", "CUTLERY",
                 "SPOON", "FORK", "KNIFE", "TUMBLER", "BEAKER", "CHOPSTICKS", "TRAY", "DISH",
                 "PLATTER", "GOBLET", "CARAFE", "DECANTER", "COASTER", "COASTERS", "CAFETIERE",
                 "DISPENSER", "TONGS", "PICNIC", "FRUITBOWL", "BIB", "LADLE", "APERITIF",
                 "CHALICE", "CLOCHE", "D.O.F. GLASS"]),
    (KITCHEN, ["KITCHEN", "SCALES", "TIMER", "COLANDER", "SIEVE", "WHISK", "GRATER", "PAN",
               "UTENSIL", "BRUSH"]),
    (STORAGE, ["BOX", "BOXES", "BASKET", "STORAGE", "JAR", "JARS", "TIN", "TINS", "CRATE",
               "TRUNK", "CHEST", "DRAWER", "DRAWERS", "CABINET", "CUPBOARD", "HAMPER", "BIN",
               "CONTAINER", "TIDY", "ORGANISER", "CADDY", "POUCH", "CANISTER", "CANNISTER",
               "SHELF", "SHELVING", "RACK", "BUCKET", "TRINKET", "HOLDER", "STAND"]),
    (["Home", "Furniture"], ["STOOL", "CHAIR", "DESK", "LOVE SEAT", "SIDEBOARD", "TABLE"]),
    # 4. motif words
    (EASTER, ["EGG", "EGGS", "CHICK", "CHICKS", "BUNNY", "HEN"]),
    (PARTY, ["PARTY", "BIRTHDAY", "FLAG"]),
    (TABLEWARE, ["CAKE", "CAKES", "TEA", "COFFEE", "BREAKFAST", "DINNER", "SUGAR"]),
    (GARDEN, ["GARDEN", "TOADSTOOL", "PLANT", "FLOWERS IN", "BIRDCAGE"]),
    (DECOR, ["HEART", "HEARTS", "STAR", "STARS", "BIRD", "BIRDS", "BUTTERFLY", "BUTTERFLIES",
             "FLOWER", "FLOWERS", "HANGING", "FEATHER", "BELL", "BELLS", "WIRE", "DOVE",
             "ROSE", "ROSETTE", "SHELL", "MUSHROOM", "FAN", "PHOTO"]),
]

# Words that describe colour, print or material; they become tags so a store can filter by them.
# Synonyms fold into one tag (WOOD and WOODEN are the same finish).
TAG_WORDS = collections.OrderedDict([
    ("RED", "red"), ("PINK", "pink"), ("WHITE", "white"), ("BLUE", "blue"), ("GREEN", "green"),
    ("BLACK", "black"), ("IVORY", "ivory"), ("CREAM", "cream"), ("SILVER", "silver"),
    ("GOLD", "gold"), ("PURPLE", "purple"), ("YELLOW", "yellow"), ("ORANGE", "orange"),
    ("BROWN", "brown"), ("GREY", "grey"), ("HEART", "heart"), ("HEARTS", "heart"),
    ("VINTAGE", "vintage"), ("WOODEN", "wooden"), ("WOOD", "wooden"), ("GLASS", "glass"),
    ("METAL", "metal"), ("ZINC", "zinc"), ("ENAMEL", "enamel"), ("CERAMIC", "ceramic"),
    ("PORCELAIN", "porcelain"), ("FELT", "felt"), ("WICKER", "wicker"), ("COTTON", "cotton"),
    ("LACE", "lace"), ("CRYSTAL", "crystal"), ("DIAMANTE", "diamante"), ("ACRYLIC", "acrylic"),
    ("PAISLEY", "paisley"), ("SPOTTY", "spotty"), ("POLKADOT", "polkadot"),
    ("RETROSPOT", "retrospot"), ("GINGHAM", "gingham"), ("FLORAL", "floral"),
    ("STRIPE", "stripe"), ("STRIPES", "stripe"), ("ROSE", "rose"), ("ROSES", "rose"),
])

CSV_COLUMNS = ["InvoiceNo", "StockCode", "Description", "Quantity", "InvoiceDate",
               "UnitPrice", "CustomerID", "Country"]


def fail(message):
    print("derive-data: error: " + message, file=sys.stderr)
    sys.exit(1)


def sha256_file(path):
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def read_text(path):
    with open(path, encoding="utf-8") as f:
        return f.read()


def published_hashes(source_md):
    """Maps file name -> SHA-256 from the lines of a SOURCE.md that name a file and a hash."""
    text = read_text(source_md)
    found = {}
    for line in text.splitlines():
        m = re.search(r"([\w.\-]+\.(?:csv|dat))\b.*?`?([0-9a-f]{64})`?", line)
        if m:
            found[m.group(1)] = m.group(2)
    # SOURCE.md files that describe a single file give the hash on a line of its own.
    if not found:
        hashes = re.findall(r"SHA-256 `([0-9a-f]{64})`", text)
        if len(hashes) == 1:
            found[None] = hashes[0]
    return found


def verify_source(folder, name):
    path = os.path.join(folder, name)
    source_md = os.path.join(folder, "SOURCE.md")
    if not os.path.isfile(path):
        fail(f"missing source file {path}")
    if not os.path.isfile(source_md):
        fail(f"missing {source_md}")
    hashes = published_hashes(source_md)
    expected = hashes.get(name, hashes.get(None))
    if expected is None:
        fail(f"{source_md} does not list a SHA-256 for {name}")
    actual = sha256_file(path)
    if actual != expected:
        fail(f"{path}: SHA-256 is {actual}, but {source_md} says {expected}; "
             "the source changed, so the derived data would not match its documentation")
    return path, expected


def write_bytes_if_changed(path, data):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    if os.path.exists(path):
        with open(path, "rb") as f:
            if f.read() == data:
                return
    tmp = path + ".tmp"
    with open(tmp, "wb") as f:
        f.write(data)
    os.replace(tmp, path)


def gzip_bytes(raw):
    # mtime=0 and no file name in the header make the archive depend on the content only.
    buf = io.BytesIO()
    with gzip.GzipFile(filename="", mode="wb", fileobj=buf, compresslevel=9, mtime=0) as gz:
        gz.write(raw)
    return buf.getvalue()


def read_rows(path):
    with open(path, newline="", encoding="utf-8") as f:
        reader = csv.reader(f)
        header = next(reader)
        if header != CSV_COLUMNS:
            fail(f"{path}: unexpected header {header}")
        return [dict(zip(header, row)) for row in reader]


def keyword_regex(words):
    alternatives = sorted({re.escape(w) for w in words}, key=lambda w: (-len(w), w))
    return re.compile(r"(?<![A-Z0-9])(?:" + "|".join(alternatives) + r")(?:S|ES)?(?![A-Z0-9])")


COMPILED_RULES = [(path, keyword_regex(words)) for path, words in CATEGORY_RULES]


def categorize(title):
    upper = title.upper()
    for path, regex in COMPILED_RULES:
        if regex.search(upper):
            return path
    return OTHER


def tags_for(title):
    tags = []
    for word in re.findall(r"[A-Z]+", title.upper()):
        tag = TAG_WORDS.get(word)
        if tag and tag not in tags:
            tags.append(tag)
    return tags


def money_text(value):
    return str(value.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP))


def most_common(counter):
    """Highest count; ties go to the smallest key so the choice never depends on row order."""
    return min(counter.items(), key=lambda kv: (-kv[1], kv[0]))[0]


def build_products(rows):
    """Aggregates the training rows into one catalog entry per product code."""
    descriptions = collections.defaultdict(collections.Counter)
    sale_descriptions = collections.defaultdict(collections.Counter)
    retail_prices = collections.defaultdict(collections.Counter)
    all_prices = collections.defaultdict(list)
    invoices = collections.defaultdict(set)
    channel_prices = collections.defaultdict(lambda: collections.defaultdict(collections.Counter))
    spellings = collections.defaultdict(set)
    seen = set()
    for r in rows:
        code = r["StockCode"]
        if not PRODUCT_CODE.match(code):
            continue
        # The data writes a few codes in lower case too (85123a beside 85123A); they are the same
        # product, so the catalog lists the upper-case id once.
        pid = code.upper()
        seen.add(pid)
        spellings[pid].add(code)
        desc = r["Description"].strip()
        qty = int(r["Quantity"])
        price = Decimal(r["UnitPrice"])
        is_sale = not r["InvoiceNo"].startswith("C") and qty > 0 and price > 0
        if desc:
            descriptions[pid][desc] += 1
            if is_sale:
                sale_descriptions[pid][desc] += 1
        if price > 0:
            all_prices[pid].append(price)
        if is_sale:
            invoices[pid].add(r["InvoiceNo"])
            if qty <= 12:
                retail_prices[pid][price] += 1
            channel = "known" if r["CustomerID"] else "anonymous"
            channel_prices[pid][channel][price] += 1
    products = {}
    skipped = collections.Counter()
    for pid in sorted(seen):
        # Stock-keeping notes ("damaged", "?", "found") are typed into Description on zero-price
        # adjustment rows; descriptions from real sales are the product's name.
        names = sale_descriptions[pid] or descriptions[pid]
        if not names:
            skipped["no_description"] += 1
            continue
        if retail_prices[pid]:
            # Retail-sized lines carry the list price; bulk lines get lower tier prices.
            counts = retail_prices[pid]
            top = max(counts.values())
            price = max(p for p, n in counts.items() if n == top)
            price_rule = "retail_mode"
        elif all_prices[pid]:
            ordered = sorted(all_prices[pid])
            price = ordered[(len(ordered) - 1) // 2]
            price_rule = "median"
        else:
            skipped["no_positive_price"] += 1
            continue
        title = most_common(names)
        if title.upper() in SERVICE_TITLES:
            skipped["service"] += 1
            continue
        products[pid] = {
            "id": pid,
            "title": title,
            "price": money_text(price),
            "url": f"/product/{pid}",
            "image": f"/img/{pid}.svg",
            "category": categorize(title),
            "tags": tags_for(title),
            "_orders": len(invoices[pid]),
            "_price_rule": price_rule,
            "_descriptions": names,
            "_spellings": spellings[pid],
            "_price_counts": retail_prices[pid],
            "_channel_prices": channel_prices[pid],
        }
    return products, skipped


def apply_ladders(products, ladders_doc):
    problems = []
    families = ladders_doc.get("families", [])
    used = set()
    for fam in families:
        fid = fam["family"]
        members = fam["members"]
        if len(members) < 2:
            problems.append(f"family {fid}: needs at least two members")
        prev = None
        for tier, member in enumerate(members, start=1):
            pid = member["id"]
            if pid not in products:
                problems.append(f"family {fid}: product {pid} is not in the catalog")
                continue
            if member.get("title") and member["title"] != products[pid]["title"]:
                problems.append(f"family {fid}: {pid} is titled {products[pid]['title']!r} in the "
                                f"data, not {member['title']!r}")
            if pid in used:
                problems.append(f"family {fid}: product {pid} is already in another family")
            used.add(pid)
            p = products[pid]
            price = Decimal(p["price"])
            if prev is not None and price <= prev[1]:
                problems.append(f"family {fid}: {pid} ({price}) is not dearer than {prev[0]} "
                                f"({prev[1]})")
            prev = (pid, price)
            p["family"] = fid
            p["tier"] = tier
            if member.get("attributes"):
                p["attributes"] = dict(member["attributes"])
    if problems:
        fail("upgrade ladders are inconsistent:\n  " + "\n  ".join(problems))
    return families


def dearer_anonymous(products):
    """How many products sell dearer on rows without a CustomerID, and the median markup.

    Those rows look like the retailer's own web shop at consumer prices, next to the
    trade prices that registered (mostly wholesale) customers paid.
    """
    ratios = []
    both = 0
    for p in products.values():
        known, anon = p["_channel_prices"].get("known"), p["_channel_prices"].get("anonymous")
        if not known or not anon:
            continue
        both += 1
        k, a = most_common(known), most_common(anon)
        if a > k:
            ratios.append(a / k)
    ratios.sort()
    median = ratios[(len(ratios) - 1) // 2] if ratios else Decimal(0)
    return both, len(ratios), median


def inverted_sizes(products):
    """SMALL/LARGE pairs of one design where the LARGE one is not dearer: not an upgrade ladder."""
    by_rest = collections.defaultdict(dict)
    for p in products.values():
        words = p["title"].upper().split()
        for size in ("SMALL", "LARGE"):
            if size in words:
                rest = " ".join(w for w in words if w != size)
                by_rest[rest][size] = p
    found = []
    for rest, sizes in sorted(by_rest.items()):
        if "SMALL" in sizes and "LARGE" in sizes:
            small, large = sizes["SMALL"], sizes["LARGE"]
            if Decimal(large["price"]) <= Decimal(small["price"]):
                found.append((small, large))
    return found


PUBLIC_KEYS = ["id", "title", "price", "url", "image", "category", "tags", "family", "tier",
               "attributes"]


def catalog_bytes(products):
    # One product per line keeps the file small and its diffs readable.
    lines = ['{"format": "cartlift.catalog/1", "currency": "GBP", "products": [']
    items = []
    for pid in sorted(products):
        p = products[pid]
        public = {k: p[k] for k in PUBLIC_KEYS if k in p and p[k] != []}
        items.append("  " + json.dumps(public, ensure_ascii=False))
    lines.append(",\n".join(items))
    lines.append("]}")
    return ("\n".join(lines) + "\n").encode("utf-8")


def human(n):
    return f"{n:,} bytes ({n / 1e6:.2f} MB)"


def category_label(path):
    return " > ".join(path)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--shared", required=True, help="folder holding online-retail/, groceries/, "
                    "retail-fimi/ (for example ../shared/data)")
    ap.add_argument("--out", default=os.path.join(REPO, "data"), help="output folder (data/)")
    args = ap.parse_args()
    shared = args.shared
    out = args.out

    retail_dir = os.path.join(shared, "online-retail")
    train_path, train_sha = verify_source(retail_dir, TRAIN_SRC)
    test_path, test_sha = verify_source(retail_dir, TEST_SRC)
    groceries_path, groceries_sha = verify_source(os.path.join(shared, "groceries"),
                                                  "groceries.csv")
    fimi_path, fimi_sha = verify_source(os.path.join(shared, "retail-fimi"), "retail.dat")

    outputs = {}  # relative path -> bytes

    # Orders: the source files byte for byte, only compressed, so gunzip gives back a file with
    # the SHA-256 published upstream.
    for src, dst in [(train_path, "online-retail/orders-2010-12_2011-05.csv.gz"),
                     (test_path, "online-retail/orders-2011-06_2011-08.csv.gz")]:
        with open(src, "rb") as f:
            outputs[dst] = gzip_bytes(f.read())
    with open(groceries_path, "rb") as f:
        outputs["groceries/groceries.csv"] = f.read()
    with open(fimi_path, "rb") as f:
        outputs["retail-fimi/retail.dat.gz"] = gzip_bytes(f.read())

    rows = read_rows(train_path)
    products, skipped = build_products(rows)
    if not os.path.isfile(LADDERS_FILE):
        fail(f"missing {LADDERS_FILE}")
    with open(LADDERS_FILE, encoding="utf-8") as f:
        ladders_doc = json.load(f)
    families = apply_ladders(products, ladders_doc)
    outputs["online-retail/catalog.json"] = catalog_bytes(products)

    total = sum(len(b) for b in outputs.values())
    if total > SIZE_BUDGET:
        fail(f"derived data is {human(total)}, over the {human(SIZE_BUDGET)} budget")

    # Category coverage
    cat_counts = collections.Counter(category_label(p["category"]) for p in products.values())
    n = len(products)
    stats = {
        "rows": len(rows),
        "products": n,
        "skipped": skipped,
        "cat_counts": cat_counts,
        "multi_desc": sum(1 for p in products.values() if len(p["_descriptions"]) > 1),
        "case_twins": sorted(p["id"] for p in products.values() if len(p["_spellings"]) > 1),
        "median_priced": sorted(p["id"] for p in products.values()
                                if p["_price_rule"] == "median"),
        "multi_retail_price": sum(1 for p in products.values()
                                  if len(p["_price_counts"]) > 1),
        "shared_titles": sum(1 for n in collections.Counter(
            p["title"] for p in products.values()).values() if n > 1),
        "dearer_anonymous": dearer_anonymous(products),
        "inverted_sizes": inverted_sizes(products),
    }
    sources = {
        "train": (TRAIN_SRC, train_sha), "test": (TEST_SRC, test_sha),
        "groceries": ("groceries.csv", groceries_sha), "fimi": ("retail.dat", fimi_sha),
    }
    source_md = render_source_md(shared, outputs, stats, products, families, sources)
    outputs["SOURCE.md"] = source_md.encode("utf-8")

    for rel, data in sorted(outputs.items()):
        write_bytes_if_changed(os.path.join(out, rel), data)

    print_summary(outputs, products, stats)


def rule_table_md():
    lines = ["| order | category | keywords (whole words; a trailing S/ES also matches) |",
             "|---|---|---|"]
    for i, (path, words) in enumerate(CATEGORY_RULES, start=1):
        lines.append(f"| {i} | {category_label(path)} | {', '.join(words)} |")
    lines.append(f"| — | {category_label(OTHER)} | no keyword matched |")
    return "\n".join(lines)


def source_section(shared, sub, start_marker="## Origin"):
    """The Origin section of an upstream SOURCE.md, quoted so attribution travels with the data."""
    text = read_text(os.path.join(shared, sub, "SOURCE.md"))
    lines = text.splitlines()
    try:
        start = lines.index(start_marker) + 1
    except ValueError:
        fail(f"{sub}/SOURCE.md has no '{start_marker}' section")
    body = []
    for line in lines[start:]:
        if line.startswith("## "):
            break
        body.append(line)
    while body and not body[-1].strip():
        body.pop()
    while body and not body[0].strip():
        body.pop(0)
    return "\n".join(body)


def render_source_md(shared, outputs, stats, products, families, sources):
    n = stats["products"]
    sizes = "\n".join(
        f"| `data/{rel}` | {len(data):,} | `{hashlib.sha256(data).hexdigest()}` |"
        for rel, data in sorted(outputs.items()))
    total = sum(len(d) for d in outputs.values())
    coverage = "\n".join(
        f"| {cat} | {cnt:,} | {100.0 * cnt / n:.1f} % |"
        for cat, cnt in sorted(stats["cat_counts"].items(), key=lambda kv: (-kv[1], kv[0])))
    ladder_rows = []
    for fam in families:
        parts = []
        for m in fam["members"]:
            p = products[m["id"]]
            parts.append(f"{m['id']} {p['title']} £{p['price']}")
        ladder_rows.append(f"| `{fam['family']}` | " + " → ".join(parts) + " |")
    ladders = "\n".join(ladder_rows)
    top = sorted(products.values(), key=lambda p: (-p["_orders"], p["id"]))[:10]
    top_md = "\n".join(f"| {p['id']} | {p['title']} | £{p['price']} | {p['_orders']:,} |"
                       for p in top)
    skipped = stats["skipped"]
    da_both, da_dearer, da_median = stats["dearer_anonymous"]
    inv = stats["inverted_sizes"]
    inverted = f"{len(inv)} pairs have the LARGE one at the same or a lower price, e.g. " + \
        "; ".join(f"{s['id']} {s['title']} £{s['price']} / {l['id']} {l['title']} £{l['price']}"
                  for s, l in inv[:3]) + "." if inv else "all pairs rise in price."
    train_name, train_sha = sources["train"]
    test_name, test_sha = sources["test"]

    return f"""# data/ — small real datasets committed with cartlift

Everything here is derived by `scripts/derive-data.py` from the full datasets kept outside the
repository. A clone without them still builds, tests and runs the demo store on this folder.
Regenerate (the output is byte-identical on every run; the script refuses to run if a source file
does not have the SHA-256 its SOURCE.md publishes):

```
python3 scripts/derive-data.py --shared ../shared/data
python3 scripts/check-data.py
```

## Files

| file | bytes | SHA-256 |
|---|---|---|
{sizes}

Total of the files above: {total:,} bytes (budget for data/: under 10 MB). The `.gz` files are written with gzip level 9,
mtime 0 and no file name, so they depend on their content only.
(This file's own hash cannot be listed inside it.)

## Online Retail (UCI) — `online-retail/`

Real transactions of a UK-based, non-store online retailer of all-occasion giftware; many
customers are wholesalers, so baskets are large.

{source_section(shared, "online-retail")}

### What was derived
- `orders-2010-12_2011-05.csv.gz` (training: build bundles on it) and
  `orders-2011-06_2011-08.csv.gz` (later months: evaluate on it) are the source files
  `{train_name}` and `{test_name}` compressed, nothing else: every row and every column
  (`InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country`) is kept,
  so `gunzip -c` gives back files with the upstream SHA-256
  (`{train_sha}` and `{test_sha}`).
  Format notes from upstream: RFC-4180 CSV, UTF-8; `InvoiceDate` is `YYYY-MM-DD HH:MM:SS`;
  CustomerID is a float or empty; invoices starting with `C` are cancellations (Quantity < 0);
  non-product codes (POST, DOT, M, C2, D, S, BANK CHARGES, AMAZONFEE, CRUK, PADS, B, DCGS*,
  gift_0001_*) appear among the rows. Months 2011-09 … 2011-12 are not included (held out).
- `catalog.json` (`cartlift.catalog/1`, currency GBP): the demo store's catalog, {n:,} products,
  one per product-like StockCode (`^\\d{{5}}[A-Za-z]*$`) seen in the training file
  ({stats['rows']:,} rows). Non-product codes are left out. Per product:
  - `id`: the StockCode in upper case. {len(stats['case_twins'])} codes also occur in lower case
    (e.g. `85123a` beside `85123A`) in the orders; they are the same product and appear once.
    An orders reader that matches ids exactly sees the lower-case spellings as unknown ids.
  - `title`: the most frequent non-empty Description (trimmed) on sale rows (not a
    cancellation, Quantity > 0, UnitPrice > 0); ties go to the lexicographically smallest.
    Descriptions typed on stock-adjustment rows ("damaged", "?", "found") are ignored unless a
    code has no sale row. The text is kept as the retailer wrote it (upper case).
    {stats['multi_desc']:,} products were sold under more than one description (spelling changes,
    e.g. `LUNCH BAG SUKI  DESIGN` / `LUNCH BAG SUKI DESIGN`, or a renamed print, e.g.
    `HAND WARMER RED POLKA DOT` / `HAND WARMER RED RETROSPOT`). {stats['shared_titles']:,} titles
    are shared by more than one id (e.g. `COLOURING PENCILS BROWN TUBE` is 10133 and 10135).
  - `price`: the most common UnitPrice on sale rows with Quantity ≤ 12 (the retail-sized price;
    larger wholesale lines get lower tier prices); ties go to the higher price. Products with no
    such row use the lower median of all positive prices ({len(stats['median_priced'])} products).
    {stats['multi_retail_price']:,} products show more than one price even on small lines
    (price changes over time and tier prices).
  - `url` `/product/<id>`, `image` `/img/<id>.svg` (the demo store draws these).
  - `category`: from title keywords by the rule table below; `tags`: colour, print and material
    words found in the title.
  - `in_stock` and `inventory` are omitted: the data has no stock, and an omitted `in_stock`
    means in stock.
  - Upgrade ladders: `family`, `tier` and `attributes` for the products listed in
    `scripts/upgrade-ladders.json` (below).
  - Left out: {skipped.get('no_description', 0)} codes with no description at all (they appear
    only on zero-price adjustment rows), {skipped.get('no_positive_price', 0)} codes with no
    positive price, and {skipped.get('service', 0)} service sold under a product-like code
    (23444 `Next Day Carriage`).

### Category rules
Rules are tried in order and the first matching keyword wins. The order resolves overlaps, in
four bands: seasonal themes (1–2: a Christmas candle is Christmas); compound names that would
otherwise be split wrongly (3–17: CAKE CASES are baking, not PAPER CUPS; a CARD HOLDER is decor,
not a card; rule 17 keeps gadgets and tools, which this store has no department for, in Other);
object nouns, the thing the product is (18–33); motif words, usually a print on something else
(34–38: HEART, BIRD, CAKE, GARDEN), which decide only when no object noun matched. Design names
that run across many object types (SPACEBOY, DOLLY GIRL, PANTRY, MAGIC GARDEN) are deliberately
not keywords. The rules were checked by reading every product's assignment, not only the counts.

{rule_table_md()}

Coverage ({n:,} products):

| category | products | share |
|---|---|---|
{coverage}

### Upgrade ladders
Curated by reading titles and prices: the same design in a bigger size or a larger pack, with the
price rising at each tier. Tier 1 is the entry product.

| family | tier 1 → tier 2 (→ tier 3) |
|---|---|
{ladders}

### Data oddities worth knowing
- Price tiers: the same product carries several prices. Lines of more than 12 units get lower
  trade prices (85123A: £2.95 on small lines, £2.55 on larger ones), and rows without a
  CustomerID are dearer: of {da_both:,} products sold both with and without a CustomerID,
  {da_dearer:,} have a higher usual price on the anonymous rows (median ×{da_median:.2f}; 85123A
  £5.79 against £2.95). Those rows look like consumer sales next to trade customers; the catalog
  price follows the small, registered-customer lines.
- Not every SMALL/LARGE pair is a ladder: {inverted}
- Descriptions double as stock notes on zero-price rows ("damaged", "wrong code", "?").
- The same code appears in upper and lower case (see `id` above).

### Most-ordered products in the training file (distinct invoices)

| id | title | price | orders |
|---|---|---|---|
{top_md}

## Groceries (R arules) — `groceries/groceries.csv`

Real point-of-sale data: 30 days from a typical local grocery outlet, items grouped into 169
categories. One basket per line, items separated by commas, no header. Copied unchanged
(SHA-256 `{sources['groceries'][1]}`).

{source_section(shared, "groceries")}

## Retail (FIMI) — `retail-fimi/retail.dat.gz`

Anonymized receipts of a Belgian supermarket; one receipt per line, space-separated integer item
ids, no names, prices or dates. Compressed only; `gunzip -c` gives back the source file
(SHA-256 `{sources['fimi'][1]}`).

{source_section(shared, "retail-fimi")}
"""


def print_summary(outputs, products, stats):
    n = stats["products"]
    print(f"products: {n:,}  (skipped: {dict(stats['skipped'])})")
    print("categories:")
    for cat, cnt in sorted(stats["cat_counts"].items(), key=lambda kv: (-kv[1], kv[0])):
        print(f"  {cnt:5d}  {100.0 * cnt / n:5.1f} %  {cat}")
    print("top 10 products by order count (training file):")
    top = sorted(products.values(), key=lambda p: (-p["_orders"], p["id"]))[:10]
    for p in top:
        print(f"  {p['_orders']:5d}  {p['id']:7s} £{p['price']:>6s}  {p['title']}")
    print("files:")
    total = 0
    for rel, data in sorted(outputs.items()):
        total += len(data)
        print(f"  {len(data):10,d}  data/{rel}")
    print(f"  {total:10,d}  total")


if __name__ == "__main__":
    main()
