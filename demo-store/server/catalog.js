// The store's product side, read from the same bundle the engine serves, so the pages and the
// offers can never disagree about a product's title or price.
import { toPence } from './money.js';
import { displayTitle, slugify } from './titles.js';

export class Catalog {
  constructor(bundle) {
    this.currency = bundle.currency || 'GBP';
    this.builtFrom = bundle.built_from || {};
    this.products = [];
    this.byId = new Map();
    this.categories = new Map(); // slug path "home/decor" → {name, path, slug, parent, products[]}
    for (const p of bundle.products || []) {
      if (p.known === false) continue; // ids seen only in orders: nothing to show or sell
      const product = {
        id: String(p.id),
        title: String(p.title),
        name: displayTitle(p.title),
        price: toPence(p.price),
        category: Array.isArray(p.category) && p.category.length ? p.category.map(String) : ['Other'],
        tags: Array.isArray(p.tags) ? p.tags : [],
        orders: Number(p.orders) || 0,
        family: p.family,
        tier: p.tier,
        attributes: p.attributes,
        inStock: p.in_stock !== false,
      };
      product.searchText = product.title.toLowerCase().replace(/\s+/g, ' ');
      this.products.push(product);
      this.byId.set(product.id, product);
      this.#file(product);
    }
    // Most-ordered first: the only popularity signal the data has.
    const byPopularity = (a, b) => b.orders - a.orders || (a.id < b.id ? -1 : 1);
    this.products.sort(byPopularity);
    for (const c of this.categories.values()) c.products.sort(byPopularity);
  }

  #file(product) {
    let parent = null;
    const names = [];
    for (const name of product.category) {
      names.push(name);
      const slug = names.map(slugify).join('/');
      let cat = this.categories.get(slug);
      if (!cat) {
        cat = { name, path: [...names], slug, parent, children: [], products: [] };
        this.categories.set(slug, cat);
        if (parent) parent.children.push(cat);
      }
      cat.products.push(product);
      parent = cat;
    }
  }

  get(id) {
    return this.byId.get(String(id));
  }

  topCategories() {
    return [...this.categories.values()].filter((c) => !c.parent).sort((a, b) => b.products.length - a.products.length);
  }

  category(slug) {
    return this.categories.get(slug);
  }

  categoryOf(product) {
    return this.categories.get(product.category.map(slugify).join('/'));
  }

  popular(n) {
    return this.products.slice(0, n);
  }

  /** Every query word must occur in the title (prefix of a word), ranked by orders. */
  search(query, limit = 48) {
    const words = String(query || '')
      .toLowerCase()
      .split(/[^a-z0-9'&-]+/)
      .filter((w) => w.length > 0)
      .slice(0, 8);
    if (!words.length) return { total: 0, results: [] };
    const matchers = words.map((w) => new RegExp(`(^|[^a-z0-9])${w.replace(/[^a-z0-9]/g, (c) => `\\${c}`)}`));
    const hits = this.products.filter((p) => matchers.every((m) => m.test(p.searchText)) || p.id.toLowerCase() === words.join(' '));
    return { total: hits.length, results: hits.slice(0, limit) };
  }
}
