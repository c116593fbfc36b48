/**
 * The Settings view: a form over a draft copy of the settings, validated inline as the user types
 * (messages shown once a field was touched, all of them after a save attempt), saved as a patch of
 * the sections that changed. Secrets are write-only: the field is emptied after saving, and only
 * where the secret is kept is ever shown.
 */
import type { ClayApi, PauseRequest, SecretKind } from '../../app/common/ipc-contract';
import type { PauseState, SecretStatus, StatusSnapshot } from '../../app/common/models';
import type { Settings, SettingsPatch } from '../../app/common/settings';
import { settle } from '../bridge';
import { button, el, field, replaceChildren, showFieldError, uid } from '../dom';
import { secretWords, shortTime } from '../format';
import { checkField, numberField, section, textField } from './form-kit';
import type { Control, Draft, FormKit } from './form-kit';
import { networkSection } from './network-section';
import { notificationsSection } from './notifications-section';
import { sitesSection } from './sites-section';
import { updatesSection } from './updates-section';
import { secretProblem, validateSettings } from './validation';

const SECTIONS = ['connection', 'auth', 'notifications', 'history', 'general', 'network', 'recovery', 'updates'] as const;

export class SettingsView {
  readonly root: HTMLElement;
  private readonly form = el('form', { className: 'settings-form', attrs: { novalidate: '', 'aria-label': 'Settings' } });
  private readonly formMessage = el('p', { className: 'form-message', attrs: { role: 'alert' } });
  private readonly secretStatus = el('p', { className: 'secret-status', attrs: { 'aria-live': 'polite' } });
  /** Why the app holds the secret back after the servers changed, and the way to let it go there. */
  private readonly serverChangeText = el('p', {});
  private readonly serverChange = el(
    'div',
    { className: 'server-change', attrs: { role: 'status', hidden: '' } },
    this.serverChangeText,
    el('div', { className: 'row-buttons' }, button('Use it with the new server…', () => void this.allowNewServer())),
  );
  private readonly pauseStatus = el('p', { attrs: { 'aria-live': 'polite' } });
  private readonly testSteps = el('ol', { className: 'test-steps', attrs: { 'aria-live': 'polite', 'aria-label': 'Connection test steps' } });
  private readonly testNote = el('p', { className: 'muted' });
  private readonly diagnosticsNote = el('p', { attrs: { role: 'status' } });
  private readonly recoveryAddress = el('div', { className: 'stack' });
  private readonly secretInput = el('input', { attrs: { type: 'password', autocomplete: 'new-password', spellcheck: 'false' } });
  private readonly secretError: HTMLElement;
  private readonly secretField: HTMLElement;
  private readonly fields = new Map<string, { readonly control: Control | null; readonly error: HTMLElement }>();
  private readonly kit: FormKit = {
    register: (path, control, error) => this.fields.set(path, { control, error }),
    changed: (path, touch) => this.changed(path, touch),
  };
  private readonly touched = new Set<string>();
  private saved: Settings | null = null;
  private draft: Draft | null = null;
  private showAll = false;
  private visible = false;
  /** The form is built when first shown: the window opens on History, and that must be quick. */
  private built = false;
  /** What main was last told about unsaved changes (an update never restarts the app under them). */
  private reportedEditing = false;

  constructor(private readonly clay: ClayApi) {
    const secret = field('Client secret', this.secretInput, 'Write-only: once saved it is never shown again, not even here.');
    this.secretField = secret.root;
    this.secretError = secret.error;
    this.root = el(
      'section',
      { className: 'view view-settings', attrs: { 'aria-label': 'Settings' } },
      this.form,
    );
    this.form.addEventListener('submit', (event) => {
      event.preventDefault();
      void this.save();
    });
    replaceChildren(this.form, el('p', { className: 'muted', text: 'Loading settings…' }));
  }

  start(): void {
    this.clay.settings.onDidChange((settings) => this.receive(settings));
    void settle(this.clay.settings.get()).then((result) => {
      if (result.ok) this.receive(result.value);
      else replaceChildren(this.form, el('p', { className: 'form-message', text: `Could not load the settings: ${result.error.message}` }));
    });
  }

  setVisible(visible: boolean): void {
    this.visible = visible;
    if (visible && !this.built) this.build();
  }

  showStatus(status: StatusSnapshot): void {
    this.showSecret(status.secret);
    this.showPause(status.paused);
  }

  private get dirty(): boolean {
    return this.draft !== null && this.saved !== null && JSON.stringify(this.draft) !== JSON.stringify(this.saved);
  }

  /** Settings from main: taken as is unless the user is mid-edit, whose draft is never thrown away. */
  private receive(settings: Settings): void {
    const wasDirty = this.dirty;
    this.saved = settings;
    if (wasDirty) {
      this.formMessage.textContent = 'The settings were changed elsewhere (for example from the tray). Saving keeps your edits.';
      return;
    }
    this.draft = structuredClone(settings) as Draft;
    this.touched.clear();
    this.showAll = false;
    this.build();
  }

  private build(): void {
    const draft = this.draft;
    if (draft === null || !this.visible) {
      this.built = false;
      return;
    }
    this.built = true;
    this.fields.clear();
    replaceChildren(
      this.form,
      this.connectionSection(draft),
      this.authSection(draft),
      sitesSection(draft, this.kit),
      notificationsSection(draft, this.kit, { status: this.pauseStatus, pause: (request) => void this.pause(request), resume: () => void this.resume() }),
      networkSection(draft.network, {
        ...this.kit,
        text: (path, label, value, set, hint) => textField(this.kit, path, label, value, set, hint),
      }, this.clay),
      this.recoverySection(draft),
      this.generalSection(draft),
      updatesSection(draft, this.kit),
      el('div', { className: 'form-actions' }, el('button', { className: 'btn btn-primary', attrs: { type: 'submit' }, text: 'Save settings' }), button('Discard changes', () => this.discard(), 'btn btn-quiet'), this.formMessage),
    );
    this.validate();
    this.reportEditing();
  }

  private discard(): void {
    if (this.saved === null) return;
    this.draft = structuredClone(this.saved) as Draft;
    this.touched.clear();
    this.showAll = false;
    this.formMessage.textContent = '';
    this.build();
  }

  private connectionSection(draft: Draft): HTMLElement {
    const envName = uid('env');
    const radios = (['production', 'accept'] as const).map((env) => {
      const radio = el('input', { attrs: { type: 'radio', name: envName, value: env } });
      radio.checked = draft.connection.environment === env;
      radio.addEventListener('change', () => {
        if (radio.checked) draft.connection.environment = env;
        this.changed('connection.environment');
        this.renderRecoveryAddress(draft);
      });
      return el('label', { className: 'check' }, radio, env === 'production' ? ' Production' : ' Accept (staging)');
    });
    return section(
      'Connection',
      el('fieldset', {}, el('legend', { text: 'Environment' }), ...radios),
      textField(this.kit, 'connection.baseUrl', 'Core API address (optional)', draft.connection.baseUrl ?? '', (v) => (draft.connection.baseUrl = v.trim() === '' ? null : v), 'Overrides the environment, e.g. a local simulator at http://127.0.0.1:5000. Leave empty for the environment\'s address.'),
    );
  }

  private authSection(draft: Draft): HTMLElement {
    const modeName = uid('mode');
    const credentialFields = el(
      'div',
      { className: 'stack' },
      textField(this.kit, 'auth.clientId', 'Client ID', draft.auth.clientId, (v) => (draft.auth.clientId = v)),
      textField(this.kit, 'auth.scope', 'Scope', draft.auth.scope, (v) => (draft.auth.scope = v), 'Usually core_api.full or core_api.standard. A user API token (user_api.full_access) is refused by the Core API.'),
      textField(this.kit, 'auth.identityUrl', 'Identity server address (optional)', draft.auth.identityUrl ?? '', (v) => (draft.auth.identityUrl = v.trim() === '' ? null : v), 'Leave empty for the environment\'s identity server, or, with a Core API address above, that address\'s own server (as the simulator serves it).'),
    );
    const sync = (): void => {
      credentialFields.hidden = draft.auth.mode !== 'client-credentials';
      const label = this.secretField.querySelector('label');
      if (label) label.textContent = draft.auth.mode === 'token' ? 'Access token' : 'Client secret';
    };
    const radios = (['client-credentials', 'token'] as const).map((mode) => {
      const radio = el('input', { attrs: { type: 'radio', name: modeName, value: mode } });
      radio.checked = draft.auth.mode === mode;
      radio.addEventListener('change', () => {
        if (radio.checked) draft.auth.mode = mode;
        sync();
        this.changed('auth.mode');
      });
      return el('label', { className: 'check' }, radio, mode === 'client-credentials' ? ' Client credentials (client ID and secret)' : ' Access token (pasted)');
    });
    sync();
    this.secretInput.value = '';
    showFieldError(this.secretInput, this.secretError, null);
    const test = button('Test connection', () => void this.testConnection());
    return section(
      'Sign-in',
      el('fieldset', {}, el('legend', { text: 'Sign-in method' }), ...radios),
      credentialFields,
      this.secretField,
      el('div', { className: 'row-buttons' }, button('Save secret', () => void this.saveSecret()), button('Remove secret', () => void this.clearSecret(), 'btn btn-quiet')),
      this.secretStatus,
      this.serverChange,
      el('div', { className: 'row-buttons' }, test, this.testNote),
      this.testSteps,
    );
  }

  private recoverySection(draft: Draft): HTMLElement {
    const r = draft.recovery;
    this.renderRecoveryAddress(draft);
    return section(
      'Recovery of missed events',
      el('p', { className: 'field-hint', text: 'After the app was offline or closed, it asks the Core REST API for the events it missed, with the same sign-in, and marks them "recovered".' }),
      checkField(this.kit, 'Recover missed events', r.enabled, (on) => (r.enabled = on), 'recovery.enabled'),
      this.recoveryAddress,
      numberField(this.kit, 'recovery.lookBackHours', 'Hours to look back on start', r.lookBackHours, (v) => (r.lookBackHours = v), 'When the app starts, it recovers at most this far back (1 to 168 hours).'),
    );
  }

  /** The REST address field edits the chosen environment's address; its hint says what empty means there. */
  private renderRecoveryAddress(draft: Draft): void {
    const r = draft.recovery;
    const env = draft.connection.environment;
    for (const other of ['production', 'accept'] as const) this.fields.delete(`recovery.restUrl.${other}`);
    const emptyMeans =
      draft.connection.baseUrl !== null
        ? 'Leave empty to use the custom Core API address with /v1.2.'
        : env === 'accept'
          ? 'Leave empty for accept\'s address, https://clp-accept-hardware.my-clay.com/v1.2.'
          : 'Production has no verified default: until an address is entered here, missed events are shown as gaps but not recovered.';
    replaceChildren(
      this.recoveryAddress,
      textField(this.kit, `recovery.restUrl.${env}`, `Core REST address (${env})`, r.restUrl[env] ?? '', (v) => (r.restUrl[env] = v.trim() === '' ? null : v), emptyMeans),
    );
  }

  private generalSection(draft: Draft): HTMLElement {
    return section(
      'General',
      numberField(this.kit, 'history.maxEvents', 'Events kept in history', draft.history.maxEvents, (v) => (draft.history.maxEvents = v)),
      numberField(this.kit, 'history.maxDays', 'Days kept in history', draft.history.maxDays, (v) => (draft.history.maxDays = v)),
      checkField(this.kit, 'Start Clay Tray when I log in', draft.general.startAtLogin, (on) => (draft.general.startAtLogin = on), 'general.startAtLogin'),
      textField(this.kit, 'general.shiftStarts', 'Shift start times', draft.general.shiftStarts.join(', '), (v) => (draft.general.shiftStarts = v.split(/[\s,;]+/).filter((t) => t !== '')), 'When each shift begins, like 06:00, 14:00, 22:00. The shift handover starts at the latest one passed.'),
      el('div', { className: 'row-buttons' }, button('Copy diagnostics', () => void this.copyDiagnostics()), this.diagnosticsNote),
      el('p', { className: 'field-hint', text: 'Versions, connection states, recent errors and the last 20 raw payloads per stream (ids kept), with secrets removed: paste it into a support request, or send it to help support real sites.' }),
    );
  }

  /** `touch` false while typing: a half-typed address is not yet an error worth shouting about. */
  private changed(path: string, touch = true): void {
    if (touch) this.touched.add(path);
    this.validate();
    this.testNote.textContent = this.dirty ? 'Save first: the test uses the saved settings.' : '';
    this.reportEditing();
  }

  private reportEditing(): void {
    const editing = this.dirty;
    if (editing === this.reportedEditing) return;
    this.reportedEditing = editing;
    void settle(this.clay.updates.setEditing(editing));
  }

  private validate(): readonly { path: string; message: string }[] {
    if (this.draft === null) return [];
    const problems = validateSettings(this.draft);
    for (const [path, { control, error }] of this.fields) {
      const problem = problems.find((p) => p.path === path);
      const visible = problem !== undefined && (this.showAll || this.touched.has(path) || control === null);
      if (control === null) error.textContent = visible ? problem.message : '';
      else showFieldError(control, error, visible ? problem.message : null);
    }
    return problems;
  }

  private async save(): Promise<void> {
    if (this.draft === null || this.saved === null) return;
    this.showAll = true;
    const problems = this.validate();
    if (problems.length > 0) {
      this.formMessage.textContent = `Not saved: ${problems.length === 1 ? 'one thing needs' : `${problems.length} things need`} fixing. ${problems[0]?.message ?? ''}`;
      const first = problems.map((p) => this.fields.get(p.path)?.control).find((c) => c !== null && c !== undefined);
      first?.focus();
      return;
    }
    const patch: Record<string, unknown> = {};
    for (const key of SECTIONS) {
      if (JSON.stringify(this.draft[key]) !== JSON.stringify(this.saved[key])) patch[key] = this.draft[key];
    }
    if (Object.keys(patch).length === 0) {
      this.formMessage.textContent = 'Nothing to save: no changes.';
      return;
    }
    const result = await settle(this.clay.settings.update(patch as SettingsPatch));
    if (!result.ok) {
      this.formMessage.textContent = `Not saved: ${result.error.message}`;
      return;
    }
    this.saved = result.value;
    this.draft = structuredClone(result.value) as Draft;
    this.touched.clear();
    this.showAll = false;
    this.build();
    this.formMessage.textContent = 'Saved.';
  }

  private secretKind(): Exclude<SecretKind, 'proxy-password'> {
    return this.draft?.auth.mode === 'token' ? 'token' : 'client-secret';
  }

  private async saveSecret(): Promise<void> {
    const kind = this.secretKind();
    const problem = secretProblem(kind, this.secretInput.value);
    showFieldError(this.secretInput, this.secretError, problem);
    if (problem !== null) {
      this.secretInput.focus();
      return;
    }
    const value = this.secretInput.value.trim();
    // Cleared before the round trip: the secret does not linger in the DOM whatever main answers.
    this.secretInput.value = '';
    const result = await settle(this.clay.secrets.set({ kind, value }));
    if (!result.ok) {
      showFieldError(this.secretInput, this.secretError, `Not saved: ${result.error.message}`);
      return;
    }
    this.showSecret(result.value);
    this.secretStatus.textContent = `Saved. ${secretWords(result.value)}.`;
  }

  private async clearSecret(): Promise<void> {
    const result = await settle(this.clay.secrets.clear());
    if (!result.ok) {
      showFieldError(this.secretInput, this.secretError, `Not removed: ${result.error.message}`);
      return;
    }
    this.showSecret(result.value);
    this.secretStatus.textContent = `Removed. ${secretWords(result.value)}.`;
  }

  private showSecret(status: SecretStatus): void {
    this.secretStatus.textContent = `${secretWords(status)}.`;
    const change = status.serverChange;
    this.serverChange.hidden = change === undefined;
    if (change !== undefined) {
      const noun = this.secretKind() === 'token' ? 'access token' : 'client secret';
      this.serverChangeText.textContent =
        `Not connecting: your ${noun} was saved for ${change.savedFor}. Enter it again to use it with ${change.nowFor}, ` +
        'or confirm that it may be sent there. Until then it is not sent anywhere.';
    }
  }

  /** Main asks in a native dialog; the window only starts it. */
  private async allowNewServer(): Promise<void> {
    const result = await settle(this.clay.secrets.allowNewServer());
    if (!result.ok) {
      this.serverChangeText.textContent = `Not changed: ${result.error.message}`;
      return;
    }
    this.showSecret(result.value);
  }

  private async testConnection(): Promise<void> {
    replaceChildren(this.testSteps, el('li', { text: 'Testing…' }));
    const result = await settle(this.clay.connection.test());
    if (!result.ok) {
      replaceChildren(this.testSteps, el('li', { className: 'step-fail', text: `The test could not run: ${result.error.message}` }));
      return;
    }
    const names = { settings: 'Settings', secret: 'Secret', token: 'Token', connect: 'Connect', rest: 'Recovery' } as const;
    replaceChildren(
      this.testSteps,
      ...result.value.steps.map((step) =>
        el('li', { className: step.ok ? 'step-ok' : 'step-fail' }, el('span', { className: 'step-mark', text: step.ok ? '✓ ' : '✗ ' }), el('strong', { text: `${names[step.step]}: ` }), step.message),
      ),
      el('li', { className: result.value.ok ? 'step-ok step-summary' : 'step-fail step-summary', text: result.value.ok ? 'The connection works.' : 'The connection does not work yet: see the failed step.' }),
    );
  }

  private showPause(paused: PauseState | null): void {
    this.pauseStatus.textContent = paused === null ? 'Notifications are on.' : paused.until === null ? 'Notifications are paused until you resume them.' : `Notifications are paused until ${shortTime(paused.until)}.`;
  }

  private async pause(request: PauseRequest): Promise<void> {
    const result = await settle(this.clay.notifications.pause(request));
    if (result.ok) this.showPause(result.value);
    else this.pauseStatus.textContent = `Could not pause: ${result.error.message}`;
  }

  private async resume(): Promise<void> {
    const result = await settle(this.clay.notifications.resume());
    if (result.ok) this.showPause(null);
    else this.pauseStatus.textContent = `Could not resume: ${result.error.message}`;
  }

  private async copyDiagnostics(): Promise<void> {
    const result = await settle(this.clay.diagnostics.copy());
    this.diagnosticsNote.textContent = result.ok ? 'Diagnostics copied to the clipboard.' : `Could not copy: ${result.error.message}`;
  }
}
