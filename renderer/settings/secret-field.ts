/**
 * The client secret (or access token) field of Settings › Sign-in. Write-only: the field is emptied
 * before the round trip to main, and only where the secret is kept is ever shown. When the servers
 * changed since the secret was saved, it says so and offers to use it with the new ones.
 */
import type { ClayApi, SecretKind } from '../../app/common/ipc-contract';
import type { SecretStatus } from '../../app/common/models';
import { t } from '../../app/common/messages/catalog';
import { settle } from '../bridge';
import { button, el, field, showFieldError } from '../dom';
import { secretWords } from '../format';
import { secretProblem } from './validation';

export type SecretFieldKind = Exclude<SecretKind, 'proxy-password'>;

export class SecretField {
  private readonly input = el('input', { attrs: { type: 'password', autocomplete: 'new-password', spellcheck: 'false' } });
  private readonly status = el('p', { className: 'secret-status', attrs: { 'aria-live': 'polite' } });
  private readonly serverChangeText = el('p', {});
  private readonly serverChange = el(
    'div',
    { className: 'server-change', attrs: { role: 'status', hidden: '' } },
    this.serverChangeText,
    el('div', { className: 'row-buttons' }, button(t('secret.useWithNewServer'), () => void this.allowNewServer())),
  );
  private readonly field: HTMLElement;
  private readonly error: HTMLElement;

  constructor(
    private readonly clay: ClayApi,
    /** Which secret the form's sign-in method asks for right now. */
    private readonly kind: () => SecretFieldKind,
  ) {
    const secret = field(t('auth.clientSecret'), this.input, t('auth.secretHint'));
    this.field = secret.root;
    this.error = secret.error;
  }

  /** The field, its buttons, where the secret is kept and the server-change notice, emptied for a fresh form. */
  parts(): HTMLElement[] {
    this.input.value = '';
    showFieldError(this.input, this.error, null);
    return [
      this.field,
      el('div', { className: 'row-buttons' }, button(t('auth.saveSecret'), () => void this.save()), button(t('auth.removeSecret'), () => void this.clear(), 'btn btn-quiet')),
      this.status,
      this.serverChange,
    ];
  }

  /** Names the field after the sign-in method. */
  relabel(): void {
    const label = this.field.querySelector('label');
    if (label) label.textContent = t(this.kind() === 'token' ? 'auth.accessToken' : 'auth.clientSecret');
  }

  show(status: SecretStatus): void {
    this.status.textContent = `${secretWords(status)}.`;
    const change = status.serverChange;
    this.serverChange.hidden = change === undefined;
    if (change !== undefined) {
      const key = this.kind() === 'token' ? 'secret.heldToken' : 'secret.heldSecret';
      this.serverChangeText.textContent = t(key, { savedFor: change.savedFor, nowFor: change.nowFor });
    }
  }

  private async save(): Promise<void> {
    const kind = this.kind();
    const problem = secretProblem(kind, this.input.value);
    showFieldError(this.input, this.error, problem);
    if (problem !== null) {
      this.input.focus();
      return;
    }
    const value = this.input.value.trim();
    // Cleared before the round trip: the secret does not linger in the DOM whatever main answers.
    this.input.value = '';
    const result = await settle(this.clay.secrets.set({ kind, value }));
    if (!result.ok) {
      showFieldError(this.input, this.error, t('settings.notSavedReason', { reason: result.error.message }));
      return;
    }
    this.show(result.value);
    this.status.textContent = t('secret.saved', { where: secretWords(result.value) });
  }

  private async clear(): Promise<void> {
    const result = await settle(this.clay.secrets.clear());
    if (!result.ok) {
      showFieldError(this.input, this.error, t('secret.notRemoved', { reason: result.error.message }));
      return;
    }
    this.show(result.value);
    this.status.textContent = t('secret.removed', { where: secretWords(result.value) });
  }

  /** Main asks in a native dialog; the window only starts it. */
  private async allowNewServer(): Promise<void> {
    const result = await settle(this.clay.secrets.allowNewServer());
    if (!result.ok) {
      this.serverChangeText.textContent = t('secret.notChanged', { reason: result.error.message });
      return;
    }
    this.show(result.value);
  }
}
