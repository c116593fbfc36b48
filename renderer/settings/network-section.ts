/**
 * Settings › Network: how the app gets out of a company network. The proxy (the system's, a
 * manual one, or none), a proxy sign-in whose password is write-only like every secret, an extra
 * certificate authority in PEM, and where the token goes.
 */
import type { ClayApi } from '../../app/common/ipc-contract';
import type { NetworkSettings, ProxyMode, TokenPlacement } from '../../app/common/settings';
import { settle } from '../bridge';
import { button, el, field, showFieldError, uid } from '../dom';
import { secretWords } from '../format';
import { hasControlCharacters } from '../../app/common/settings-checker';
import { t } from '../../app/common/messages/catalog';
import type { MessageKey } from '../../app/common/messages/catalog';

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/** What the section needs from the form that holds it. */
export interface SectionKit {
  text(path: string, label: string, value: string, set: (value: string) => void, hint?: string): HTMLElement;
  register(path: string, control: HTMLTextAreaElement, error: HTMLElement): void;
  changed(path: string, touch?: boolean): void;
}

const PROXY_CHOICES: readonly [ProxyMode, MessageKey][] = [
  ['system', 'network.proxySystem'],
  ['manual', 'network.proxyManual'],
  ['direct', 'network.proxyDirect'],
];

const PLACEMENT_CHOICES: readonly [TokenPlacement, MessageKey][] = [
  ['header', 'network.tokenInHeader'],
  ['query', 'network.tokenInQuery'],
];

export function networkSection(network: Mutable<NetworkSettings>, kit: SectionKit, clay: ClayApi): HTMLElement {
  const manualFields = el(
    'div',
    { className: 'stack' },
    kit.text('network.proxyUrl', t('network.proxyUrl'), network.proxyUrl ?? '', (v) => (network.proxyUrl = v.trim() === '' ? null : v), t('network.proxyUrlHint')),
    kit.text('network.noProxy', t('network.noProxy'), network.noProxy, (v) => (network.noProxy = v), t('network.noProxyHint')),
  );
  const sync = (): void => {
    manualFields.hidden = network.proxyMode !== 'manual';
  };
  const proxyRadios = radios(PROXY_CHOICES, network.proxyMode, (mode) => {
    network.proxyMode = mode;
    sync();
    kit.changed('network.proxyMode');
  });
  sync();

  const pem = el('textarea', { className: 'pem', attrs: { rows: '4', spellcheck: 'false', autocomplete: 'off', placeholder: '-----BEGIN CERTIFICATE-----' } });
  pem.value = network.extraCaPem ?? '';
  const pemField = field(t('network.extraCa'), pem, t('network.extraCaHint'));
  kit.register('network.extraCaPem', pem, pemField.error);
  pem.addEventListener('input', () => {
    network.extraCaPem = pem.value.trim() === '' ? null : pem.value;
    kit.changed('network.extraCaPem', false);
  });
  pem.addEventListener('blur', () => kit.changed('network.extraCaPem'));

  const placement = radios(PLACEMENT_CHOICES, network.tokenIn, (tokenIn) => {
    network.tokenIn = tokenIn;
    kit.changed('network.tokenIn');
  });

  const heading = uid('sec');
  return el(
    'section',
    { className: 'settings-section', attrs: { 'aria-labelledby': heading } },
    el('h2', { attrs: { id: heading }, text: t('network.title') }),
    el('fieldset', {}, el('legend', { text: t('network.proxy') }), ...proxyRadios, manualFields),
    kit.text('network.proxyUsername', t('network.proxyUsername'), network.proxyUsername, (v) => (network.proxyUsername = v), t('network.proxyUsernameHint')),
    proxyPassword(clay),
    pemField.root,
    el('fieldset', {}, el('legend', { text: t('network.tokenIn') }), ...placement),
  );
}

function radios<T extends string>(choices: readonly [T, MessageKey][], current: T, choose: (value: T) => void): HTMLElement[] {
  const name = uid('radio');
  return choices.map(([value, label]) => {
    const radio = el('input', { attrs: { type: 'radio', name, value } });
    radio.checked = current === value;
    radio.addEventListener('change', () => {
      if (radio.checked) choose(value);
    });
    return el('label', { className: 'check' }, radio, ` ${t(label)}`);
  });
}

/** Write-only: the field is emptied before the round trip and only where the password is kept is shown. */
function proxyPassword(clay: ClayApi): HTMLElement {
  const input = el('input', { attrs: { type: 'password', autocomplete: 'new-password', spellcheck: 'false' } });
  const { root, error } = field(t('network.proxyPassword'), input, t('network.proxyPasswordHint'));
  const status = el('p', { className: 'proxy-password-status', attrs: { 'aria-live': 'polite' } });
  const save = async (): Promise<void> => {
    const value = input.value.trim();
    const problem = value === '' ? t('network.proxyPasswordEmpty') : hasControlCharacters(value) ? t('network.proxyPasswordControl') : null;
    showFieldError(input, error, problem);
    if (problem !== null) return;
    input.value = '';
    const result = await settle(clay.secrets.set({ kind: 'proxy-password', value }));
    if (!result.ok) {
      showFieldError(input, error, t('settings.notSavedReason', { reason: result.error.message }));
      return;
    }
    status.textContent = t('network.proxyPasswordSaved', { where: secretWords(result.value) });
  };
  return el('div', { className: 'stack' }, root, el('div', { className: 'row-buttons' }, button(t('network.saveProxyPassword'), () => void save())), status);
}
