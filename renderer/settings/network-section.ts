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

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/** What the section needs from the form that holds it. */
export interface SectionKit {
  text(path: string, label: string, value: string, set: (value: string) => void, hint?: string): HTMLElement;
  register(path: string, control: HTMLTextAreaElement, error: HTMLElement): void;
  changed(path: string, touch?: boolean): void;
}

const PROXY_CHOICES: readonly [ProxyMode, string][] = [
  ['system', ' Use the system proxy settings (including a proxy script)'],
  ['manual', ' Use this proxy:'],
  ['direct', ' No proxy: connect directly'],
];

const PLACEMENT_CHOICES: readonly [TokenPlacement, string][] = [
  ['header', ' The Authorization header (recommended)'],
  ['query', ' The address, as access_token= (for servers that read only that)'],
];

export function networkSection(network: Mutable<NetworkSettings>, kit: SectionKit, clay: ClayApi): HTMLElement {
  const manualFields = el(
    'div',
    { className: 'stack' },
    kit.text('network.proxyUrl', 'Proxy address', network.proxyUrl ?? '', (v) => (network.proxyUrl = v.trim() === '' ? null : v), 'For example http://proxy.example.com:3128.'),
    kit.text('network.noProxy', 'No proxy for', network.noProxy, (v) => (network.noProxy = v), 'Host names separated by commas; .example.com covers every host under it.'),
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
  const pemField = field('Extra CA certificate (PEM)', pem, "Your company's root certificate, if its network inspects secure connections. The system's certificates are trusted already.");
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
    el('h2', { attrs: { id: heading }, text: 'Network' }),
    el('fieldset', {}, el('legend', { text: 'Proxy' }), ...proxyRadios, manualFields),
    kit.text('network.proxyUsername', 'Proxy user name (optional)', network.proxyUsername, (v) => (network.proxyUsername = v), 'Only for a proxy that asks you to sign in. Leave empty otherwise.'),
    proxyPassword(clay),
    pemField.root,
    el('fieldset', {}, el('legend', { text: 'Send the access token in' }), ...placement),
  );
}

function radios<T extends string>(choices: readonly [T, string][], current: T, choose: (value: T) => void): HTMLElement[] {
  const name = uid('radio');
  return choices.map(([value, label]) => {
    const radio = el('input', { attrs: { type: 'radio', name, value } });
    radio.checked = current === value;
    radio.addEventListener('change', () => {
      if (radio.checked) choose(value);
    });
    return el('label', { className: 'check' }, radio, label);
  });
}

/** Write-only: the field is emptied before the round trip and only where the password is kept is shown. */
function proxyPassword(clay: ClayApi): HTMLElement {
  const input = el('input', { attrs: { type: 'password', autocomplete: 'new-password', spellcheck: 'false' } });
  const { root, error } = field('Proxy password', input, 'Kept with your other secrets, never in the settings file.');
  const status = el('p', { className: 'proxy-password-status', attrs: { 'aria-live': 'polite' } });
  const save = async (): Promise<void> => {
    const value = input.value.trim();
    const problem = value === '' ? 'Enter the proxy password first.' : hasControlCharacters(value) ? 'The password contains line breaks or control characters: check what was pasted.' : null;
    showFieldError(input, error, problem);
    if (problem !== null) return;
    input.value = '';
    const result = await settle(clay.secrets.set({ kind: 'proxy-password', value }));
    if (!result.ok) {
      showFieldError(input, error, `Not saved: ${result.error.message}`);
      return;
    }
    status.textContent = `Proxy password saved. ${secretWords(result.value)}.`;
  };
  return el('div', { className: 'stack' }, root, el('div', { className: 'row-buttons' }, button('Save proxy password', () => void save())), status);
}
