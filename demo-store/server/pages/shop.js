// Browsing pages: home, department listing, search results.
import { html } from '../html.js';
import { breadcrumb, empty, grid, img, pagination } from './components.js';
import { layout } from './layout.js';

const PER_PAGE = 24;

export function homePage(ctx) {
  const { catalog } = ctx;
  const departments = catalog.topCategories();
  const body = html`
<section class="hero">
  <div class="hero-text">
    <p class="eyebrow">Gifts · Homeware · Party · Kitchen</p>
    <h1>Little things people love to give.</h1>
    <p class="lead">${catalog.products.length.toLocaleString('en-GB')} products from a UK giftware shop, with suggestions
      learned from ${Number(catalog.builtFrom.orders || 0).toLocaleString('en-GB')} real orders.</p>
    <form class="hero-search" action="/search" method="get" role="search" aria-label="Search the shop">
      <label class="visually-hidden" for="hero-q">Search products</label>
      <input id="hero-q" name="q" type="search" placeholder="Try “lunch bag”, “lantern” or “cake stand”">
      <button class="btn" type="submit">Search</button>
    </form>
  </div>
  <div class="hero-art" aria-hidden="true">
    ${catalog.popular(4).map((p) => html`<img src="${img(p.id)}" alt="" width="400" height="400">`)}
  </div>
</section>
<section aria-labelledby="dept-h">
  <div class="section-head"><h2 id="dept-h">Shop by department</h2></div>
  <ul class="departments-grid">
    ${departments.map(
      (d) => html`<li><a class="dept" href="/category/${d.slug}">
        <img src="${img(d.products[0].id)}" alt="" width="400" height="400" loading="lazy">
        <span class="dept-name">${d.name}</span>
        <span class="dept-count">${d.products.length.toLocaleString('en-GB')} products</span>
      </a></li>`,
    )}
  </ul>
</section>
<section aria-labelledby="pop-h">
  <div class="section-head"><h2 id="pop-h">Most ordered</h2><a href="/category/home">Browse Home →</a></div>
  ${grid(catalog.popular(10), { returnTo: '/' })}
</section>`;
  return layout(ctx, { title: '', body });
}

export function categoryPage(ctx, category, page) {
  const pages = Math.max(1, Math.ceil(category.products.length / PER_PAGE));
  const current = Math.min(Math.max(1, page), pages);
  const shown = category.products.slice((current - 1) * PER_PAGE, current * PER_PAGE);
  const crumbs = [['Shop', '/']];
  let c = category;
  const chain = [];
  while (c) {
    chain.unshift(c);
    c = c.parent;
  }
  chain.forEach((x) => crumbs.push([x.name, `/category/${x.slug}`]));
  const siblings = category.children.length ? category.children : category.parent ? category.parent.children : [];
  const here = `/category/${category.slug}${current > 1 ? `?page=${current}` : ''}`;
  const body = html`
${breadcrumb(crumbs)}
<div class="page-head">
  <h1>${category.name}</h1>
  <p class="muted">${category.products.length.toLocaleString('en-GB')} products · most ordered first</p>
</div>
${siblings.length ? html`<ul class="chips">${siblings.map((s) => html`<li><a class="chip" href="/category/${s.slug}" ${s === category ? html`aria-current="page"` : ''}>${s.name} <span>${s.products.length}</span></a></li>`)}</ul>` : ''}
<h2 class="visually-hidden">Products</h2>
${grid(shown, { returnTo: here })}
${pagination(current, pages, (n) => `/category/${category.slug}?page=${n}`)}`;
  return layout({ ...ctx, currentDepartment: chain[0].slug }, { title: category.name, body });
}

export function searchPage(ctx, query) {
  const { total, results } = ctx.catalog.search(query);
  const body = html`
<div class="page-head">
  <h1>${query ? html`Results for “${query}”` : 'Search'}</h1>
  <p class="muted" data-testid="search-count">${query ? `${total.toLocaleString('en-GB')} ${total === 1 ? 'product' : 'products'}${total > results.length ? ` · showing the ${results.length} most ordered` : ''}` : 'Type a word from a product name.'}</p>
</div>
${results.length ? html`<h2 class="visually-hidden">Products</h2>${grid(results, { returnTo: `/search?q=${encodeURIComponent(query)}` })}` : query ? empty('Nothing matches every word. Try fewer or shorter words.', html`<a class="btn" href="/">Back to the shop</a>`) : ''}`;
  return layout({ ...ctx, query }, { title: query ? `Search: ${query}` : 'Search', body });
}
