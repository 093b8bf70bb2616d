// Turns the view tree into DOM nodes. Data only ever reaches the page as text nodes or as
// attribute values the view has already checked (URLs); nothing is parsed as HTML.

/**
 * @param {object|string} node view node from view.js
 * @param {Document} doc
 * @returns {Node}
 */
export function toDom(node, doc) {
  if (typeof node === 'string') return doc.createTextNode(node);
  const el = doc.createElement(node.tag);
  for (const [name, value] of Object.entries(node.attrs)) {
    if (value == null || value === false) continue;
    el.setAttribute(name, value === true ? '' : value);
  }
  for (const child of node.children) el.appendChild(toDom(child, doc));
  return el;
}
