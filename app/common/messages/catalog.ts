/**
 * The one way the app puts words in front of a person: `t(key, params)` looks the key up in the
 * active catalog (English unless a translation is switched on) and fills `{name}` placeholders.
 * A message with plural forms picks its form from `params.count` by the locale's plural rules, so
 * a translation adds the forms its language needs ("few", "many") without touching the code.
 * Pure TypeScript: core (notifications), shell (tray) and the renderer (the window) all share it.
 *
 * The English catalog, ./en.json, is every sentence the app shows a person: the window, the tray and
 * the notifications. It is data, in the format translation tools read, and a translation is one more
 * file with the same keys (type `Catalog` checks that). Keys are prefixed by where they show
 * (`history.`, `rules.`, `tray.`, …): add new ones beside their group. `{name}` is filled by
 * `t(key, { name })`; a message with `one`/`other` (and, for other languages, `few`/`many`…) forms
 * picks one by `count`; `zero` is used for a count of 0 when given.
 */
import en from './en.json';

export type MessageKey = keyof typeof en;
export type PluralMessage = { readonly other: string } & Partial<Readonly<Record<Intl.LDMLPluralRule, string>>>;
export type Message = string | PluralMessage;
/** A translation: every key of the English catalog, each a text or its plural forms. */
export type Catalog = Readonly<Record<MessageKey, Message>>;
export type MessageParams = Readonly<Record<string, string | number>>;

interface Active {
  readonly catalog: Catalog;
  readonly locale: string;
  readonly plurals: Intl.PluralRules;
  readonly numbers: Intl.NumberFormat;
}

function activate(catalog: Catalog, locale: string): Active {
  return { catalog, locale, plurals: new Intl.PluralRules(locale), numbers: new Intl.NumberFormat(locale) };
}

let active = activate(en, 'en');

/** Switches every later `t` to this catalog (a translation, or a pseudo-locale in tests). */
export function useCatalog(catalog: Catalog, locale: string): void {
  active = activate(catalog, locale);
}

export function activeLocale(): string {
  return active.locale;
}

/** A number grouped for the active locale, as `t` shows the numbers it fills in. */
export function formatNumber(value: number): string {
  return active.numbers.format(value);
}

const PLACEHOLDER = /\{(\w+)\}/g;

/** The message for `key` in the active catalog, placeholders filled; numbers grouped for the locale. */
export function t(key: MessageKey, params: MessageParams = {}): string {
  // A key the bundle does not know (a stale catalog) shows itself rather than throwing in a view.
  const message: Message | undefined = active.catalog[key] ?? en[key];
  if (message === undefined) return key;
  const count = params['count'];
  const text = typeof message === 'string' ? message : pluralForm(message, typeof count === 'number' ? count : 0);
  return text.replace(PLACEHOLDER, (whole, name: string) => {
    const value = params[name];
    if (value === undefined) return whole;
    return typeof value === 'number' ? formatNumber(value) : value;
  });
}

function pluralForm(message: PluralMessage, count: number): string {
  if (count === 0 && message.zero !== undefined) return message.zero;
  return message[active.plurals.select(count)] ?? message.other;
}
