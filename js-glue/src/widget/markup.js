// Server-side rendering of the offers widget: a pure function from an offers response to an HTML
// string, for edge workers (workerd has no DOM) and tests. It serialises the same view the
// browser builds with DOM calls, so the element can adopt the markup without rendering again.
// The contract (structure, data attributes) is written down in MARKUP.md.
import { buildView } from './view.js';
import { STYLES } from './styles.js';

const VOID = new Set(['img', 'input', 'br', 'hr', 'meta', 'link']);
const TEXT_ESCAPES = { '&': '&amp;', '<': '&lt;', '>': '&gt;' };
const ATTR_ESCAPES = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/**
 * Escapes text for an HTML text node.
 * @param {string} text
 */
export function escapeText(text) {
  return String(text).replace(/[&<>]/g, (c) => TEXT_ESCAPES[c]);
}

/**
 * Escapes text for a double-quoted HTML attribute value.
 * @param {string} text
 */
export function escapeAttr(text) {
  return String(text).replace(/[&<>"']/g, (c) => ATTR_ESCAPES[c]);
}

function serialise(node, out) {
  if (typeof node === 'string') {
    out.push(escapeText(node));
    return;
  }
  out.push('<', node.tag);
  for (const [name, value] of Object.entries(node.attrs)) {
    if (value == null || value === false) continue;
    out.push(' ', name);
    if (value !== true) out.push('="', escapeAttr(value), '"');
  }
  out.push('>');
  if (VOID.has(node.tag)) return;
  for (const child of node.children) serialise(child, out);
  out.push('</', node.tag, '>');
}

/**
 * Renders an offers response to the HTML the `<cartlift-offers>` element adopts.
 * Returns '' when there is nothing to show. See MARKUP.md for the options and the contract.
 * @param {object} response offers response from engine.recommend()
 * @param {object} [options]
 * @returns {string}
 */
export function renderOffersHTML(response, options = {}) {
  const view = buildView(response, options);
  if (!view) return '';
  view.root.attrs['data-cartlift-ssr'] = true;
  const out = [];
  serialise(view.root, out);
  const body = out.join('');
  if (options.shadow === false) return body;
  // The stylesheet is plain CSS we wrote, never data, and contains no "</" sequence.
  const style = options.styles === false ? '' : `<style>${STYLES}</style>`;
  return `<template shadowrootmode="open">${style}${body}</template>`;
}
