// <cartlift-offers>: shows cart offers from a store bundle. The store keeps ownership of its
// cart: the element only reads it (property or attribute) and asks for additions through
// cartlift:add events. Importing this module in a runtime without a DOM (an edge worker that
// only wants renderOffersHTML) is safe: the element is defined only where custom elements exist.
import { sharedSheet, STYLES } from './styles.js';
import { addQuantity, buildView, totalLabels, viewOptions } from './view.js';
import { toDom } from './render.js';
import { normaliseCart, requestKey } from './format.js';
import { clearEngineCache, getEngine } from './engine.js';
import { errorInfo, WidgetError } from './loader.js';

export { renderOffersHTML } from './markup.js';
export { clearEngineCache, getEngine };

const PLACEMENTS = new Set(['product', 'cart', 'checkout']);
const REQUEST_ATTRS = new Set(['bundle', 'placement', 'limit', 'types', 'cart', 'worker', 'visitor', 'wasm']);
const VIEW_ATTRS = new Set(['locale', 'currency', 'heading-level']);
const Base = globalThis.HTMLElement ?? class {};

function eventInit(detail, cancelable = false) {
  return { detail, bubbles: true, composed: true, cancelable };
}

export class CartliftOffersElement extends Base {
  static get observedAttributes() {
    return [...REQUEST_ATTRS, ...VIEW_ATTRS];
  }

  #root = null;
  #ready = false;
  #connected = false;
  #scheduled = false;
  #token = 0;
  #cart = null;
  #cartFromProperty = false;
  #engine = null;
  #strings = null;
  #renderedKey = null;
  #adoptedWithoutKey = false;
  #viewDirty = false;
  #offers = [];
  #deselected = new Set();
  #impressions = new Set();
  #observer = null;

  constructor() {
    super();
    // A page may set properties before this module loaded; those own properties would shadow
    // the accessors below, so they are replayed through them.
    for (const name of ['cart', 'engine', 'strings']) {
      if (Object.prototype.hasOwnProperty.call(this, name)) {
        const value = this[name];
        delete this[name];
        this[name] = value;
      }
    }
  }

  connectedCallback() {
    this.#connected = true;
    // Server-rendered children are only complete once the parser is past them.
    if (document.readyState === 'loading') {
      document.addEventListener('DOMContentLoaded', () => this.#connected && this.#setup(), { once: true });
    } else {
      this.#setup();
    }
  }

  disconnectedCallback() {
    this.#connected = false;
    this.#token++;
    this.#observer?.disconnect();
    this.#observer = null;
    this.removeAttribute('aria-busy');
  }

  attributeChangedCallback(name, oldValue, value) {
    // Attributes present at upgrade also land here; nothing is shown yet, so nothing is stale.
    if (oldValue === value || !this.#ready) return;
    if (VIEW_ATTRS.has(name)) this.#viewDirty = true;
    if (name === 'bundle' || name === 'worker' || name === 'wasm') this.#renderedKey = null;
    this.#schedule();
  }

  /** Cart lines `{id, qty}` the offers are for; setting it re-renders (coalesced per microtask). */
  get cart() {
    if (this.#cartFromProperty) return this.#cart ? this.#cart.map((l) => ({ ...l })) : null;
    try {
      return this.#attributeCart();
    } catch {
      return null;
    }
  }

  set cart(value) {
    try {
      this.#cart = normaliseCart(value);
    } catch (err) {
      this.#emitError(new WidgetError('wrong_type', err.message, '/cart'));
      return;
    }
    this.#cartFromProperty = value != null;
    this.#schedule();
  }

  /** An engine the host page already has (sync or async `recommend`); `bundle` is then not fetched. */
  get engine() {
    return this.#engine;
  }

  set engine(value) {
    this.#engine = value && typeof value.recommend === 'function' ? value : null;
    this.#renderedKey = null;
    this.#schedule();
  }

  /** Interface text overrides, e.g. `{heading: 'Complete the look'}`. */
  get strings() {
    return { ...(this.#strings || {}) };
  }

  set strings(value) {
    this.#strings = value && typeof value === 'object' ? { ...value } : null;
    this.#viewDirty = true;
    this.#schedule();
  }

  /** Ids of the checked "bought together" items, in display order. */
  get selectedIds() {
    return this.#checkboxes()
      .filter((c) => c.checked)
      .map((c) => this.#offerAt(c)?.id)
      .filter((id) => id != null);
  }

  /** Re-requests offers even if nothing changed, e.g. after the store's stock changed. */
  refresh() {
    this.#renderedKey = null;
    this.#schedule();
  }

  #setup() {
    if (!this.#ready) {
      this.#ready = true;
      let root = this.shadowRoot;
      if (!root) {
        root = this.attachShadow({ mode: 'open' });
        // Browsers without declarative shadow DOM leave the server's template in the light DOM;
        // a light-DOM rendering (shadow: false) is moved in as is. Moving keeps the nodes.
        const template = this.querySelector(':scope > template[shadowrootmode]');
        const light = this.querySelector(':scope > [data-cartlift-ssr]');
        if (template) {
          root.appendChild(template.content);
          template.remove();
        } else if (light) {
          root.appendChild(light);
        }
      }
      this.#root = root;
      if (!root.querySelector('style')) {
        const sheet = sharedSheet();
        if (sheet) root.adoptedStyleSheets = [...root.adoptedStyleSheets, sheet];
        else root.prepend(Object.assign(this.ownerDocument.createElement('style'), { textContent: STYLES }));
      }
      root.addEventListener('change', (e) => this.#onChange(e));
      root.addEventListener('click', (e) => this.#onClick(e));
      const ssr = root.querySelector('[data-cartlift-ssr]');
      if (ssr) this.#adopt(ssr);
    } else {
      const shown = this.#content();
      if (shown) this.#watchImpression(shown, shown.hasAttribute('data-cartlift-ssr') ? 'ssr' : 'client');
    }
    this.#schedule();
  }

  #adopt(ssr) {
    const offers = [];
    for (const el of ssr.querySelectorAll('[data-offer-index][data-id]')) {
      const index = Number(el.getAttribute('data-offer-index'));
      const nameEl = el.querySelector('.cl-name');
      const offer = {
        type: el.getAttribute('data-type') || 'cross_sell',
        id: el.getAttribute('data-id'),
        title: nameEl ? nameEl.textContent : '',
        price: Number(el.getAttribute('data-price')),
        currency: el.getAttribute('data-currency') || undefined,
      };
      if (nameEl && nameEl.hasAttribute('href')) offer.url = nameEl.getAttribute('href');
      const parts = [...el.querySelectorAll('.cl-bundle-items [data-id]')];
      if (parts.length) {
        offer.products = parts.map((p) => {
          const product = { id: p.getAttribute('data-id'), title: (p.querySelector('.cl-bundle-name') ?? p).textContent };
          const price = Number(p.getAttribute('data-price') ?? NaN);
          if (Number.isInteger(price)) product.price = price;
          return product;
        });
      }
      if (el.hasAttribute('data-bundle-id')) offer.bundle_id = el.getAttribute('data-bundle-id');
      if (el.hasAttribute('data-for')) offer.for = el.getAttribute('data-for');
      if (el.hasAttribute('data-add-qty')) offer.add_qty = addQuantity({ type: 'volume', add_qty: Number(el.getAttribute('data-add-qty')) });
      const code = el.querySelector('.cl-code');
      if (code) offer.code = code.textContent;
      if (Number.isInteger(index) && index >= 0 && index < 1000) offers[index] = offer;
    }
    this.#offers = offers;
    const key = ssr.getAttribute('data-key');
    this.#renderedKey = key;
    this.#adoptedWithoutKey = key == null;
    // A shopper may have ticked boxes before the script arrived; the total follows the boxes.
    for (const box of this.#checkboxes()) if (!box.checked) this.#deselected.add(this.#offerAt(box)?.id);
    this.#updateTotal();
    this.#watchImpression(ssr, 'ssr');
  }

  #schedule() {
    if (!this.#ready || this.#scheduled) return;
    this.#scheduled = true;
    queueMicrotask(() => {
      this.#scheduled = false;
      this.#update();
    });
  }

  #attributeCart() {
    const text = this.getAttribute('cart');
    if (text == null) return null;
    let parsed;
    try {
      parsed = JSON.parse(text);
    } catch (err) {
      throw new WidgetError('malformed_json', `the cart attribute is not JSON: ${err.message}`, '/cart');
    }
    try {
      return normaliseCart(parsed);
    } catch (err) {
      throw new WidgetError('wrong_type', err.message, '/cart');
    }
  }

  #request() {
    const cart = this.#cartFromProperty ? this.#cart : this.#attributeCart();
    if (cart == null) return null;
    const request = { cart };
    const limit = Number.parseInt(this.getAttribute('limit') ?? '', 10);
    if (Number.isInteger(limit) && limit > 0) request.limit = Math.min(limit, 50);
    const types = (this.getAttribute('types') || '').split(/[\s,]+/).filter(Boolean);
    if (types.length) request.types = types;
    const placement = this.getAttribute('placement');
    if (PLACEMENTS.has(placement)) request.page = placement;
    const visitor = this.getAttribute('visitor');
    if (visitor) request.visitor = visitor;
    return request;
  }

  #viewOptions(request) {
    return viewOptions({
      locale: this.getAttribute('locale') || this.closest('[lang]')?.getAttribute('lang') || globalThis.navigator?.language,
      currency: this.getAttribute('currency') || undefined,
      headingLevel: this.getAttribute('heading-level') || undefined,
      strings: this.#strings || undefined,
      limit: request?.limit,
      request,
    });
  }

  async #update() {
    if (!this.#connected) return;
    let request;
    try {
      request = this.#request();
    } catch (err) {
      const key = `invalid:${this.getAttribute('cart')}`;
      if (key !== this.#renderedKey) {
        this.#renderedKey = key;
        this.#token++;
        this.#clearContent();
        this.#emitError(err);
      }
      return;
    }
    if (!request) return;
    const key = requestKey(request);
    if (this.#adoptedWithoutKey) {
      this.#adoptedWithoutKey = false;
      this.#renderedKey = key;
    }
    if (key === this.#renderedKey && !this.#viewDirty) return;

    const bundle = this.getAttribute('bundle');
    if (!this.#engine && !bundle) return;
    const token = ++this.#token;
    if (!this.#content()) this.setAttribute('aria-busy', 'true');
    try {
      const engine = this.#engine ?? (await getEngine(bundle, { worker: this.#workerMode(), wasmUrl: this.getAttribute('wasm') || undefined }));
      if (token !== this.#token) return;
      const response = await engine.recommend(request);
      if (token !== this.#token) return;
      this.#show(response, request, key);
    } catch (err) {
      if (token !== this.#token) return;
      this.#renderedKey = key;
      this.#viewDirty = false;
      this.#clearContent();
      this.#emitError(err);
    } finally {
      if (token === this.#token) this.removeAttribute('aria-busy');
    }
  }

  #workerMode() {
    const v = this.getAttribute('worker');
    return v != null && v !== 'false';
  }

  #content() {
    return this.#root ? this.#root.querySelector(':scope > .cl') : null;
  }

  #clearContent() {
    this.#observer?.disconnect();
    this.#observer = null;
    this.#offers = [];
    for (const node of [...this.#root.childNodes]) if (node.nodeName !== 'STYLE') node.remove();
  }

  #show(response, request, key) {
    const view = buildView(response, this.#viewOptions(request));
    const focus = this.#focusDescriptor();
    this.#renderedKey = key;
    this.#viewDirty = false;
    this.#clearContent();
    if (!view) return;
    this.#offers = view.offers;
    const node = toDom(view.root, this.ownerDocument);
    for (const box of node.querySelectorAll('.cl-check')) {
      if (this.#deselected.has(this.#offerAt(box)?.id)) box.checked = false;
    }
    this.#root.appendChild(node);
    this.#updateTotal();
    this.#restoreFocus(focus);
    this.#watchImpression(node, 'client');
  }

  // Re-rendering replaces the nodes; a keyboard user must not be thrown back to the page top.
  #focusDescriptor() {
    const active = this.#root?.activeElement;
    if (!active) return null;
    const holder = active.closest('[data-offer-index]');
    return {
      action: active.getAttribute('data-action'),
      id: holder ? this.#offerAt(holder)?.id : null,
      tag: active.localName,
    };
  }

  #restoreFocus(focus) {
    if (!focus) return;
    let target = null;
    if (focus.action === 'add-selected') target = this.#root.querySelector('[data-action="add-selected"]');
    else if (focus.id != null) {
      target = [...this.#root.querySelectorAll(`${focus.tag}[data-offer-index]`)].find((el) => this.#offerAt(el)?.id === focus.id) || null;
    }
    (target || this.#root.querySelector('.cl-check, .cl-btn'))?.focus({ preventScroll: true });
  }

  #offerAt(el) {
    const index = Number(el.getAttribute('data-offer-index'));
    return Number.isInteger(index) ? this.#offers[index] : undefined;
  }

  #checkboxes() {
    return this.#root ? [...this.#root.querySelectorAll('.cl-check')] : [];
  }

  #updateTotal() {
    const foot = this.#root.querySelector('.cl-foot');
    if (!foot) return;
    const container = this.#content();
    const chosen = this.#checkboxes()
      .filter((c) => c.checked)
      .map((c) => this.#offerAt(c))
      .filter(Boolean);
    const sum = chosen.reduce((acc, o) => acc + (Number.isFinite(o.price) ? o.price : 0), 0);
    const opts = this.#viewOptions();
    if (!this.getAttribute('locale') && container?.getAttribute('data-locale')) opts.locale = container.getAttribute('data-locale');
    if (!this.getAttribute('currency') && container?.getAttribute('data-currency')) opts.displayCurrency = container.getAttribute('data-currency');
    const currency = (chosen[0] || this.#offers.find(Boolean))?.currency || container?.getAttribute('data-source-currency');
    const labels = totalLabels(chosen.length, sum, currency, opts);
    const caption = foot.querySelector('.cl-total-caption');
    const amount = foot.querySelector('.cl-total-amount');
    const button = foot.querySelector('[data-action="add-selected"]');
    if (caption && caption.textContent !== labels.caption) caption.textContent = labels.caption;
    if (amount && amount.textContent !== labels.total) amount.textContent = labels.total;
    if (button) {
      button.textContent = labels.button;
      button.disabled = chosen.length === 0;
    }
  }

  #onChange(event) {
    const box = event.target;
    if (!(box instanceof Element) || !box.classList.contains('cl-check')) return;
    const id = this.#offerAt(box)?.id;
    if (id != null) {
      if (box.checked) this.#deselected.delete(id);
      else this.#deselected.add(id);
    }
    this.#updateTotal();
  }

  #onClick(event) {
    const target = event.target instanceof Element ? event.target : null;
    if (!target) return;
    const link = target.closest('a[data-offer-index]');
    if (link) {
      const offer = this.#offerAt(link);
      if (!offer) return;
      // A product link inside a bundle names that product; any other link names the offer.
      const id = link.closest('.cl-bundle-items [data-id]')?.getAttribute('data-id') ?? offer.id;
      const go = this.dispatchEvent(new CustomEvent('cartlift:click', eventInit({ id, type: offer.type, url: link.getAttribute('href'), offer }, true)));
      // A single-page store routes the click itself by cancelling the event.
      if (!go) event.preventDefault();
      return;
    }
    const button = target.closest('button[data-action]');
    if (!button || button.disabled) return;
    if (button.getAttribute('data-action') === 'add-selected') {
      const offers = this.#checkboxes()
        .filter((c) => c.checked)
        .map((c) => this.#offerAt(c))
        .filter(Boolean);
      if (offers.length) this.#emitAdd(offers.map((o) => o.id), offers, 'list');
    } else {
      const offer = this.#offerAt(button);
      if (!offer) return;
      const ids = offer.type === 'bundle' && Array.isArray(offer.products) && offer.products.length ? offer.products.map((p) => String(p.id)) : [offer.id];
      this.#emitAdd(ids, [offer], offer.type, addQuantity(offer));
    }
  }

  // `lines` says how many of each: one of everything, except a volume offer's `add_qty`.
  #emitAdd(ids, offers, source, qty = 1) {
    const lines = ids.map((id) => ({ id, qty }));
    this.dispatchEvent(new CustomEvent('cartlift:add', eventInit({ ids, lines, offers, source, placement: this.getAttribute('placement') || undefined })));
  }

  #emitError(err) {
    const { code, message } = errorInfo(err);
    this.dispatchEvent(new CustomEvent('cartlift:error', eventInit({ code, message })));
  }

  // An impression is a response actually on screen, counted once per distinct response.
  #watchImpression(node, source) {
    const key = node.getAttribute('data-impression');
    if (!key || this.#impressions.has(key)) return;
    const fire = () => {
      if (this.#impressions.has(key) || !node.isConnected) return;
      this.#impressions.add(key);
      const offers = this.#offers.filter(Boolean).map((o) => ({ id: o.id, type: o.type }));
      this.dispatchEvent(
        new CustomEvent(
          'cartlift:impression',
          eventInit({
            key,
            arm: node.getAttribute('data-arm') || '',
            placement: this.getAttribute('placement') || undefined,
            source,
            ids: offers.map((o) => o.id),
            types: [...new Set(offers.map((o) => o.type))],
            offers,
          }),
        ),
      );
    };
    this.#observer?.disconnect();
    this.#observer = null;
    if (typeof IntersectionObserver !== 'function') {
      fire();
      return;
    }
    const observer = new IntersectionObserver((entries) => {
      if (entries.some((e) => e.isIntersecting)) {
        observer.disconnect();
        if (this.#observer === observer) this.#observer = null;
        fire();
      }
    });
    this.#observer = observer;
    observer.observe(node);
  }
}

if (globalThis.customElements && !globalThis.customElements.get('cartlift-offers')) {
  globalThis.customElements.define('cartlift-offers', CartliftOffersElement);
}
