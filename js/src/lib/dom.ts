// A tiny element helper. It only ever sets attributes and text nodes: untrusted text never
// goes through innerHTML anywhere in this front end (markdown goes through markdown.ts).

export type AttrValue = string | number | boolean | null | undefined;
export type Attrs = Record<string, AttrValue>;
export type Child = Node | string | number | null | undefined | false;

/** Create `<tag>` with attributes (`true` -> empty attribute, null/false/undefined -> absent). */
export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attrs: Attrs = {},
  ...children: (Child | Child[])[]
): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) setAttr(el, name, value);
  append(el, ...children);
  return el;
}

export function setAttr(el: Element, name: string, value: AttrValue): void {
  if (value === null || value === undefined || value === false) el.removeAttribute(name);
  else el.setAttribute(name, value === true ? "" : String(value));
}

/** Append children; strings and numbers become text nodes. */
export function append(parent: Node, ...children: (Child | Child[])[]): void {
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    parent.appendChild(typeof child === "object" ? child : document.createTextNode(String(child)));
  }
}

/** Replace all children of `el`. */
export function replaceChildren(el: Element, ...children: (Child | Child[])[]): void {
  while (el.firstChild) el.removeChild(el.firstChild);
  append(el, ...children);
}

/** Show or hide with the `hidden` attribute. */
export function show(el: HTMLElement, visible: boolean): void {
  el.hidden = !visible;
}

/** Whether the element, or something inside it, has keyboard focus. */
export function hasFocusWithin(el: Element): boolean {
  const active = el.ownerDocument.activeElement;
  return active !== null && (active === el || el.contains(active));
}

let uidCounter = 0;
/** A page-unique id (several views of one model may be on the page). */
export function uid(prefix: string): string {
  uidCounter += 1;
  return `${prefix}-${uidCounter}`;
}
