/** Settings › Subscriptions: which streams to follow and which sites to watch. */
import type { StreamKind } from '../../app/common/models';
import { button, el, replaceChildren } from '../dom';
import { checkField, section, textField } from './form-kit';
import type { Draft, FormKit } from './form-kit';
import { STREAM_KINDS } from '../../app/common/stream-kinds';
import { t } from '../../app/common/messages/catalog';
import { streamPlural } from '../format';

export function sitesSection(draft: Draft, kit: FormKit): HTMLElement {
  const list = el('ul', { className: 'sites', attrs: { 'aria-label': t('sites.label') } });
  const streams = el(
    'fieldset',
    {},
    el('legend', { text: t('sites.streams') }),
    ...STREAM_KINDS.map((stream: StreamKind) =>
      checkField(kit, streamPlural(stream), draft.connection.streams[stream], (on) => (draft.connection.streams[stream] = on), 'connection.streams'),
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
          textField(kit, `${path}.id`, t('sites.siteId', { number: index + 1 }), site.id, (v) => (site.id = v)),
          textField(kit, `${path}.name`, t('sites.siteName', { number: index + 1 }), site.name, (v) => (site.name = v)),
          button(t('sites.remove', { number: index + 1 }), () => {
            draft.connection.sites.splice(index, 1);
            renderSites();
            kit.changed('connection.sites');
          }, 'btn btn-quiet'),
        );
      }),
    );
    if (draft.connection.sites.length === 0) list.append(el('li', { className: 'muted', text: t('sites.none') }));
  };
  renderSites();
  const add = button(t('sites.add'), () => {
    draft.connection.sites.push({ id: '', name: '' });
    renderSites();
    kit.changed('connection.sites');
    list.querySelector<HTMLInputElement>('li.site:last-child input')?.focus();
  });
  const sitesError = el('p', { className: 'field-error', attrs: { 'aria-live': 'polite' } });
  kit.register('connection.sites', null, sitesError);
  return section(t('sites.title'), streams, streamError, el('h3', { text: t('sites.label') }), el('p', { className: 'field-hint', text: t('sites.hint') }), list, sitesError, add);
}
