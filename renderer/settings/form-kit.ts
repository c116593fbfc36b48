/** The form pieces the settings sections share: the draft's type, the field builders and the section frame. */
import type { Settings } from '../../app/common/settings';
import { el, field, uid } from '../dom';

export type Mutable<T> = { -readonly [K in keyof T]: Mutable<T[K]> };
export type Draft = Mutable<Settings>;
export type Control = HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement;

/** What a field needs from the form that holds it. */
export interface FormKit {
  register(path: string, control: Control | null, error: HTMLElement): void;
  changed(path: string, touch?: boolean): void;
}

export function textField(kit: FormKit, path: string, label: string, value: string, set: (value: string) => void, hint?: string, type = 'text'): HTMLElement {
  const input = el('input', { attrs: { type, autocomplete: 'off', spellcheck: 'false' } });
  input.value = value;
  const { root, error } = field(label, input, hint);
  kit.register(path, input, error);
  input.addEventListener('input', () => {
    set(input.value);
    kit.changed(path, false);
  });
  input.addEventListener('blur', () => kit.changed(path));
  return root;
}

export function numberField(kit: FormKit, path: string, label: string, value: number, set: (value: number) => void, hint?: string): HTMLElement {
  const input = el('input', { attrs: { type: 'number', inputmode: 'numeric', step: '1' } });
  input.value = String(value);
  const { root, error } = field(label, input, hint);
  kit.register(path, input, error);
  input.addEventListener('input', () => {
    set(input.value.trim() === '' ? Number.NaN : input.valueAsNumber);
    kit.changed(path, false);
  });
  input.addEventListener('blur', () => kit.changed(path));
  return root;
}

export function checkField(kit: FormKit, label: string, value: boolean, set: (on: boolean) => void, path: string): HTMLElement {
  const input = el('input', { attrs: { type: 'checkbox' } });
  input.checked = value;
  input.addEventListener('change', () => {
    set(input.checked);
    kit.changed(path);
  });
  return el('label', { className: 'check' }, input, ` ${label}`);
}

export function section(title: string, ...children: readonly (Node | null)[]): HTMLElement {
  const id = uid('sec');
  return el('section', { className: 'settings-section', attrs: { 'aria-labelledby': id } }, el('h2', { attrs: { id }, text: title }), ...children);
}
