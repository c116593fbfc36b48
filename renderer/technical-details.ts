/**
 * "Technical details": what a developer or support needs (keys, ids, codes, ISO times, raw text),
 * folded away under a native <details>, so it is closed by default, reachable with Tab and opened
 * with Enter or Space, without crowding what the person at the desk reads.
 */
import { t } from '../app/common/messages/catalog';
import { el } from './dom';
import type { Child } from './dom';

export type FieldRow = readonly [name: string, value: string | null];

/** A definition list; an empty value shows a dash, so a missing field is visibly missing. */
export function fieldList(rows: readonly FieldRow[], className = 'fields'): HTMLElement {
  const dl = el('dl', { className });
  for (const [name, value] of rows) {
    dl.append(el('dt', { text: name }), el('dd', { className: value === null ? 'muted' : '', text: value ?? '—' }));
  }
  return dl;
}

export function technicalDetails(rows: readonly FieldRow[], ...extra: readonly Child[]): HTMLDetailsElement {
  return el(
    'details',
    { className: 'technical' },
    el('summary', { text: t('details.technical') }),
    rows.length === 0 ? null : fieldList(rows, 'fields fields-technical'),
    ...extra,
  );
}
