/**
 * The one way the app puts words in front of a person: `t(key, params)` looks the key up in the
 * active catalog (English unless a translation is switched on) and fills `{name}` placeholders.
 * A message with plural forms picks its form from `params.count` by the locale's plural rules, so
 * a translation adds the forms its language needs ("few", "many") without touching the code.
 * Pure TypeScript: core (notifications), shell (tray) and the renderer (the window) all share it.
 */
import { en } from './en';

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
    return typeof value === 'number' ? active.numbers.format(value) : value;
  });
}

function pluralForm(message: PluralMessage, count: number): string {
  if (count === 0 && message.zero !== undefined) return message.zero;
  return message[active.plurals.select(count)] ?? message.other;
}
