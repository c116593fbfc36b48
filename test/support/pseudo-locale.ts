/**
 * A pseudo-locale built from the English catalog: every message keeps its placeholders and plural
 * forms, its letters become accented look-alikes and it is bracketed ⟦…⟧. Text that shows up
 * in English while it is active was never routed through the catalog.
 */
import type { Catalog, Message } from '../../app/common/messages/catalog';
import en from '../../app/common/messages/en.json';

export const PSEUDO_LOCALE = 'en-XA';
export const PSEUDO_OPEN = '⟦';

const PLAIN = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ';
const ACCENTED = 'àƀçđéƒĝĥîĵķĺɱñöþʠŕšţûṽŵẋýžÀƁÇĐÉƑĜĤÎĴĶĹṀÑÖÞǪŔŠŢÛṼŴẊÝŽ';

function pseudoText(text: string): string {
  const parts = text.split(/(\{\w+\})/);
  const mapped = parts.map((part) => (/^\{\w+\}$/.test(part) ? part : Array.from(part, (ch) => {
    const at = PLAIN.indexOf(ch);
    return at < 0 ? ch : (Array.from(ACCENTED)[at] ?? ch);
  }).join('')));
  return `${PSEUDO_OPEN}${mapped.join('')}⟧`;
}

function pseudoMessage(message: Message): Message {
  if (typeof message === 'string') return pseudoText(message);
  return Object.fromEntries(Object.entries(message).map(([form, text]) => [form, pseudoText(text)])) as Message;
}

export function pseudoCatalog(): Catalog {
  return Object.fromEntries(Object.entries(en).map(([key, message]) => [key, pseudoMessage(message)])) as Catalog;
}
