/**
 * The one way views build DOM. Text goes in as Text nodes and attributes through setAttribute, so
 * event data can never become markup; `style` and `on*` attributes are refused because the CSP
 * would block them anyway and a silent no-op is worse than an error.
 */
export type Child = Node | string | null | undefined | false;

export interface Props {
  readonly className?: string;
  readonly attrs?: Readonly<Record<string, string>>;
  readonly text?: string;
}

export function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  props: Props = {},
  ...children: readonly Child[]
): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  if (props.className !== undefined) node.className = props.className;
  for (const [name, value] of Object.entries(props.attrs ?? {})) setAttr(node, name, value);
  if (props.text !== undefined) node.textContent = props.text;
  append(node, ...children);
  return node;
}

export function append(parent: Node, ...children: readonly Child[]): void {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    parent.appendChild(typeof child === 'string' ? document.createTextNode(child) : child);
  }
}

export function setAttr(node: Element, name: string, value: string): void {
  const lower = name.toLowerCase();
  if (lower === 'style' || lower.startsWith('on')) {
    throw new Error(`Refusing attribute "${name}": styles go through CSSOM or classes, handlers through addEventListener.`);
  }
  node.setAttribute(name, value);
}

/** Replaces all children; cheaper than diffing for the small panes that use it. */
export function replaceChildren(parent: Element, ...children: readonly Child[]): void {
  parent.replaceChildren();
  append(parent, ...children);
}

let nextId = 0;
/** Unique ids for label/aria wiring. */
export function uid(prefix: string): string {
  nextId += 1;
  return `${prefix}-${nextId}`;
}

/** A labelled form field: the label's `for` and the hint's aria-describedby are wired up. */
export function field(
  label: string,
  control: HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement,
  hint?: string,
): { readonly root: HTMLElement; readonly error: HTMLElement } {
  if (!control.id) control.id = uid('f');
  const error = el('p', { className: 'field-error', attrs: { id: uid('err'), 'aria-live': 'polite' } });
  const described = [error.id];
  let hintNode: HTMLElement | null = null;
  if (hint !== undefined) {
    hintNode = el('p', { className: 'field-hint', attrs: { id: uid('hint') }, text: hint });
    described.unshift(hintNode.id);
  }
  control.setAttribute('aria-describedby', described.join(' '));
  const root = el('div', { className: 'field' }, el('label', { attrs: { for: control.id }, text: label }), control, hintNode, error);
  return { root, error };
}

export function showFieldError(
  control: HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement,
  error: HTMLElement,
  message: string | null,
): void {
  error.textContent = message ?? '';
  if (message === null) control.removeAttribute('aria-invalid');
  else control.setAttribute('aria-invalid', 'true');
}

export function button(text: string, onClick: (event: MouseEvent) => void, className = 'btn'): HTMLButtonElement {
  const node = el('button', { className, attrs: { type: 'button' }, text });
  node.addEventListener('click', onClick);
  return node;
}
