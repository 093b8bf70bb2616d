// Placeholder product pictures: the data has no photos, so each product gets a deterministic SVG
// (colour from its department, pattern from its id, a department icon and its initials). Only
// [A-Z0-9] initials reach the SVG text; titles never do.
import { fnv1a32 } from './experiment.js';
import { initials } from './titles.js';

const HUES = {
  Home: 24,
  'Kitchen & dining': 200,
  Seasonal: 352,
  'Jewellery & accessories': 290,
  'Stationery & gift wrap': 42,
  Bags: 168,
  'Toys & games': 220,
  Party: 320,
  Garden: 110,
  'Crafts & sewing': 262,
  Other: 210,
};

// 24×24 outline icons, drawn with one stroke colour.
const ICONS = {
  Home: 'M3 11 12 4l9 7M5 10v10h14V10M10 20v-6h4v6',
  'Kitchen & dining': 'M4 8h13v5a6 6 0 0 1-6 6h-1a6 6 0 0 1-6-6zM17 9h1.5a2.5 2.5 0 0 1 0 5H17M7 3v2M11 3v2M15 3v2',
  Seasonal: 'M12 3l2.6 5.6 6.1.7-4.5 4.2 1.2 6L12 16.6 6.6 19.5l1.2-6L3.3 9.3l6.1-.7z',
  'Jewellery & accessories': 'M6 4h12l3 5-9 11L3 9zM3 9h18M9 4l3 16M15 4l-3 16',
  'Stationery & gift wrap': 'M4 10h16v10H4zM3 7h18v3H3zM12 7v13M12 7c-2-4-6-4-6-1.5S9 7 12 7c3 0 6-1 6-1.5S14 3 12 7',
  Bags: 'M5 8h14l-1 12H6zM9 8V6a3 3 0 0 1 6 0v2',
  'Toys & games': 'M12 3a9 9 0 1 0 0 18 9 9 0 0 0 0-18zM3 12h18M12 3c3 3 3 15 0 18M12 3c-3 3-3 15 0 18',
  Party: 'M12 3c3.5 0 6 2.7 6 6.2 0 3.9-3 7-6 7.8-3-.8-6-3.9-6-7.8C6 5.7 8.5 3 12 3zM12 17l-1 2h2zM12 19c0 1.5 1 2 0 3',
  Garden: 'M5 19C5 10 11 5 20 4c0 9-5 15-14 15M5 19l9-9',
  'Crafts & sewing': 'M7 4h10M7 20h10M8 4v16M16 4v16M8 8l8 3M8 12l8 3M8 16l8-1',
  Other: 'M3 12V4h8l10 10-8 8zM7.5 8h.01',
  // Departments with many products get an icon per aisle, so a grid of Home is not all houses.
  'Home > Candles & lights': 'M12 3c2 3 3 4.5 3 6.5a3 3 0 0 1-6 0C9 7.5 10 6 12 3zM8 13h8v8H8z',
  'Home > Decor': 'M12 20s-7-4.4-7-10a4 4 0 0 1 7-2.6A4 4 0 0 1 19 10c0 5.6-7 10-7 10z',
  'Home > Storage': 'M4 8l8-4 8 4v9l-8 4-8-4zM4 8l8 4 8-4M12 12v9',
  'Home > Textiles': 'M5 5h14v14H5zM5 9h14M5 15h14',
  'Home > Bath & body': 'M10 3h4v3h-4zM8 8a2 2 0 0 1 2-2h4a2 2 0 0 1 2 2v11a2 2 0 0 1-2 2h-4a2 2 0 0 1-2-2z',
  'Home > Furniture': 'M7 3v18M17 13v8M7 13h10M7 9h10V3',
  'Kitchen & dining > Baking': 'M4 20h16M5 20v-7h14v7M5 16c2 1 3 1 5 0s3-1 5 0 3 1 4 0M12 13V9M12 6v.5',
  'Kitchen & dining > Kitchen': 'M3 11h13v2a6 6 0 0 1-6 6H9a6 6 0 0 1-6-6zM16 12h5',
  'Seasonal > Christmas': 'M12 3l5 7h-3l4 6H6l4-6H7zM12 16v5',
  'Seasonal > Easter': 'M12 3c3.5 0 6 5 6 9.5S15.3 21 12 21s-6-4-6-8.5S8.5 3 12 3z',
};

// What the product is matters more than its aisle: a few title words pick a closer icon.
const KEYWORD_ICONS = [
  [/\bHEARTS?\b/, ICONS['Home > Decor']],
  [/\bSTARS?\b/, ICONS.Seasonal],
  [/\b(BAG|SHOPPER|TOTE)S?\b/, ICONS.Bags],
  [/\b(MUG|CUP|TEACUP|SAUCER)S?\b/, ICONS['Kitchen & dining']],
  [/\b(BOX|BOXES|TIN|TINS|CRATE|CHEST)\b/, ICONS['Home > Storage']],
  [/\bCLOCK\b/, 'M12 3a9 9 0 1 0 0 18 9 9 0 0 0 0-18zM12 7v5l3 2'],
  [/\b(CARD|CARDS|NOTEBOOK|ENVELOPE)S?\b/, 'M3 6h18v12H3zM3 7l9 6 9-6'],
  [/\b(FLOWER|ROSE|DAISY)S?\b/, 'M12 9a3 3 0 1 0 0 6 3 3 0 0 0 0-6zM12 9V4M12 15v5M9 12H4M15 12h5M9.9 9.9 6.3 6.3M14.1 14.1l3.6 3.6M9.9 14.1l-3.6 3.6M14.1 9.9l3.6-3.6'],
  [/\bLANTERN\b/, 'M9 3h6M10 3v3M14 3v3M7 6h10l-1 13H8zM7 19h10M12 10c1.2 1.5 1.5 2.3 1.5 3a1.5 1.5 0 0 1-3 0c0-.7.3-1.5 1.5-3z'],
  [/\b(BIRD|BIRDS|DOVE)\b/, 'M4 14c3 0 5-2 6-5a4 4 0 0 1 8 1l3 1-3 1c0 4-3 7-8 7H4c2-1 3-2 3-3zM15 9h.01'],
];

function iconFor(product) {
  const title = String(product?.title || '').toUpperCase();
  for (const [re, icon] of KEYWORD_ICONS) if (re.test(title)) return icon;
  const cats = product?.category || [];
  return ICONS[cats.slice(0, 2).join(' > ')] ?? ICONS[cats[0]] ?? ICONS.Other;
}

function pattern(kind, light) {
  switch (kind) {
    case 0:
      return `<pattern id="p" width="28" height="28" patternUnits="userSpaceOnUse"><circle cx="14" cy="14" r="4" fill="${light}"/></pattern>`;
    case 1:
      return `<pattern id="p" width="24" height="24" patternUnits="userSpaceOnUse" patternTransform="rotate(45)"><rect width="10" height="24" fill="${light}"/></pattern>`;
    case 2:
      return `<pattern id="p" width="40" height="20" patternUnits="userSpaceOnUse"><path d="M0 10q10-10 20 0t20 0" fill="none" stroke="${light}" stroke-width="4"/></pattern>`;
    default:
      return `<pattern id="p" width="32" height="32" patternUnits="userSpaceOnUse"><path d="M16 6l10 10-10 10L6 16z" fill="${light}"/></pattern>`;
  }
}

export function productSvg(product) {
  const top = product?.category?.[0] || 'Other';
  const id = String(product?.id ?? '');
  const h = fnv1a32(`img:${id}`);
  const hue = ((HUES[top] ?? 210) + ((h % 31) - 15) + 360) % 360;
  const bg = `hsl(${hue} 60% 92%)`;
  const light = `hsl(${hue} 52% 85%)`;
  const ink = `hsl(${hue} 45% 38%)`;
  const deep = `hsl(${hue} 40% 26%)`;
  const icon = iconFor(product);
  const letters = initials(product?.title).slice(0, 2);
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 400 400" role="img" aria-label="Product picture">
<defs>${pattern((h >>> 8) % 4, light)}</defs>
<rect width="400" height="400" fill="${bg}"/>
<rect width="400" height="400" fill="url(#p)" opacity="0.7"/>
<circle cx="200" cy="185" r="112" fill="#fff" opacity="0.88"/>
<g transform="translate(128 100) scale(6)" fill="none" stroke="${ink}" stroke-width="1.4" stroke-linecap="round" stroke-linejoin="round"><path d="${icon}"/></g>
<text x="200" y="352" text-anchor="middle" font-family="system-ui,-apple-system,'Segoe UI',Roboto,sans-serif" font-size="40" font-weight="700" letter-spacing="6" fill="${deep}">${letters}</text>
</svg>`;
}
