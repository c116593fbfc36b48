/** Settings › Subscriptions: which streams to follow and which sites to watch. */
import type { StreamKind } from '../../app/common/models';
import { button, el, replaceChildren } from '../dom';
import { checkField, section, textField } from './form-kit';
import type { Draft, FormKit } from './form-kit';
import { STREAM_KINDS, streamTitlePlural } from '../../app/common/stream-kinds';

export function sitesSection(draft: Draft, kit: FormKit): HTMLElement {
  const list = el('ul', { className: 'sites', attrs: { 'aria-label': 'Sites' } });
  const streams = el(
    'fieldset',
    {},
    el('legend', { text: 'Streams' }),
    ...STREAM_KINDS.map((stream: StreamKind) =>
      checkField(kit, streamTitlePlural(stream), draft.connection.streams[stream], (on) => (draft.connection.streams[stream] = on), 'connection.streams'),
    ),
  );
  const streamError = el('p', { className: 'field-error', attrs: { 'aria-live': 'polite' } });
  kit.register('connection.streams', null, streamError);
  const renderSites = (): void => {
    replaceChildren(
      list,
      ...draft.connection.sites.map((site, index) => {
        const path = `connection.sites[${index}]`;
        return el(
          'li',
          { className: 'site' },
          textField(kit, `${path}.id`, `Site ${index + 1} ID`, site.id, (v) => (site.id = v)),
          textField(kit, `${path}.name`, `Site ${index + 1} name`, site.name, (v) => (site.name = v)),
          button(`Remove site ${index + 1}`, () => {
            draft.connection.sites.splice(index, 1);
            renderSites();
            kit.changed('connection.sites');
          }, 'btn btn-quiet'),
        );
      }),
    );
    if (draft.connection.sites.length === 0) list.append(el('li', { className: 'muted', text: 'No sites listed: every site the credentials can see is watched.' }));
  };
  renderSites();
  const add = button('Add site', () => {
    draft.connection.sites.push({ id: '', name: '' });
    renderSites();
    kit.changed('connection.sites');
    list.querySelector<HTMLInputElement>('li.site:last-child input')?.focus();
  });
  const sitesError = el('p', { className: 'field-error', attrs: { 'aria-live': 'polite' } });
  kit.register('connection.sites', null, sitesError);
  return section('Subscriptions', streams, streamError, el('h3', { text: 'Sites' }), el('p', { className: 'field-hint', text: 'The site ID is the collection ID from the SALTO KS portal; the name is what notifications and this window show.' }), list, sitesError, add);
}
