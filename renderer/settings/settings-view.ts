/**
 * The Settings view: a form over a draft copy of the settings, validated inline as the user types
 * (messages shown once a field was touched, all of them after a save attempt), saved as a patch of
 * the sections that changed. Secrets are write-only: the field is emptied after saving, and only
 * where the secret is kept is ever shown.
 */
import { KNOWN_CATEGORIES } from '../../app/common/category-names';
import type { ClayApi, PauseRequest, SecretKind } from '../../app/common/ipc-contract';
import type { PauseState, SecretStatus, StatusSnapshot, StreamKind } from '../../app/common/models';
import type { Settings, SettingsPatch } from '../../app/common/settings';
import { settle } from '../bridge';
import { button, el, field, replaceChildren, showFieldError, uid } from '../dom';
import { categoryWords, secretWords, shortTime } from '../format';
import { networkSection } from './network-section';
import { secretProblem, validateSettings } from './validation';

type Mutable<T> = { -readonly [K in keyof T]: Mutable<T[K]> };
type Draft = Mutable<Settings>;
type Control = HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement;

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
      this.sitesSection(draft),
      this.notificationsSection(draft),
      networkSection(draft.network, {
        text: (path, label, value, set, hint) => this.text(path, label, value, set, hint),
        register: (path, control, error) => this.fields.set(path, { control, error }),
        changed: (path, touch) => this.changed(path, touch),
      }, this.clay),
      this.recoverySection(draft),
      this.generalSection(draft),
      this.updatesSection(draft),
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
      this.text('connection.baseUrl', 'Core API address (optional)', draft.connection.baseUrl ?? '', (v) => (draft.connection.baseUrl = v.trim() === '' ? null : v), 'Overrides the environment, e.g. a local simulator at http://127.0.0.1:5000. Leave empty for the environment\'s address.'),
    );
  }

  private authSection(draft: Draft): HTMLElement {
    const modeName = uid('mode');
    const credentialFields = el(
      'div',
      { className: 'stack' },
      this.text('auth.clientId', 'Client ID', draft.auth.clientId, (v) => (draft.auth.clientId = v)),
      this.text('auth.scope', 'Scope', draft.auth.scope, (v) => (draft.auth.scope = v), 'Usually core_api.full or core_api.standard. A user API token (user_api.full_access) is refused by the Core API.'),
      this.text('auth.identityUrl', 'Identity server address (optional)', draft.auth.identityUrl ?? '', (v) => (draft.auth.identityUrl = v.trim() === '' ? null : v), 'Leave empty for the environment\'s identity server, or, with a Core API address above, that address\'s own server (as the simulator serves it).'),
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

  private sitesSection(draft: Draft): HTMLElement {
    const list = el('ul', { className: 'sites', attrs: { 'aria-label': 'Sites' } });
    const streams = el(
      'fieldset',
      {},
      el('legend', { text: 'Streams' }),
      ...(['incident', 'entry'] as const).map((stream: StreamKind) =>
        this.check(stream === 'incident' ? 'Incidents' : 'Entries', draft.connection.streams[stream], (on) => (draft.connection.streams[stream] = on), 'connection.streams'),
      ),
    );
    const streamError = el('p', { className: 'field-error', attrs: { 'aria-live': 'polite' } });
    this.fields.set('connection.streams', { control: null, error: streamError });
    const renderSites = (): void => {
      replaceChildren(
        list,
        ...draft.connection.sites.map((site, index) => {
          const path = `connection.sites[${index}]`;
          return el(
            'li',
            { className: 'site' },
            this.text(`${path}.id`, `Site ${index + 1} ID`, site.id, (v) => (site.id = v)),
            this.text(`${path}.name`, `Site ${index + 1} name`, site.name, (v) => (site.name = v)),
            button(`Remove site ${index + 1}`, () => {
              draft.connection.sites.splice(index, 1);
              renderSites();
              this.changed('connection.sites');
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
      this.changed('connection.sites');
      list.querySelector<HTMLInputElement>('li.site:last-child input')?.focus();
    });
    const sitesError = el('p', { className: 'field-error', attrs: { 'aria-live': 'polite' } });
    this.fields.set('connection.sites', { control: null, error: sitesError });
    return section('Subscriptions', streams, streamError, el('h3', { text: 'Sites' }), el('p', { className: 'field-hint', text: 'The site ID is the collection ID from the SALTO KS portal; the name is what notifications and this window show.' }), list, sitesError, add);
  }

  private notificationsSection(draft: Draft): HTMLElement {
    const n = draft.notifications;
    const table = (stream: StreamKind): HTMLElement => {
      const record = stream === 'incident' ? n.incidentCategories : n.entryCategories;
      const names = [...new Set([...KNOWN_CATEGORIES[stream], ...Object.keys(record)])];
      const caption = stream === 'incident' ? 'Incidents (notify unless switched off)' : 'Entries (silent unless switched on)';
      return el(
        'table',
        { className: 'categories' },
        el('caption', { text: caption }),
        el('thead', {}, el('tr', {}, el('th', { attrs: { scope: 'col' }, text: 'Category' }), el('th', { attrs: { scope: 'col' }, text: 'Notify' }), el('th', { attrs: { scope: 'col' }, text: 'Always, even in quiet hours or pause' }))),
        el(
          'tbody',
          {},
          ...names.map((name) => {
            const on = record[name] ?? stream === 'incident';
            const notify = el('input', { attrs: { type: 'checkbox', 'aria-label': `Notify: ${categoryWords(name)}` } });
            notify.checked = on;
            notify.addEventListener('change', () => {
              record[name] = notify.checked;
              this.changed(`notifications.${stream}Categories`);
            });
            const always = el('input', { attrs: { type: 'checkbox', 'aria-label': `Always notify: ${categoryWords(name)}` } });
            always.checked = n.alwaysNotify.includes(name);
            always.addEventListener('change', () => {
              n.alwaysNotify = always.checked ? [...n.alwaysNotify.filter((c) => c !== name), name] : n.alwaysNotify.filter((c) => c !== name);
              this.changed('notifications.alwaysNotify');
            });
            return el('tr', {}, el('th', { attrs: { scope: 'row' }, text: categoryWords(name) }), el('td', {}, notify), el('td', {}, always));
          }),
        ),
      );
    };
    const pauseButtons = ([['Pause for 1 hour', { for: 'one-hour' }], ['Pause until tomorrow morning', { for: 'until-morning' }], ['Pause until resumed', { for: 'until-resumed' }]] as const).map(
      ([label, request]: readonly [string, PauseRequest]) => button(label, () => void this.pause(request), 'btn btn-quiet'),
    );
    return section(
      'Notifications',
      table('incident'),
      table('entry'),
      el('fieldset', {}, el('legend', { text: 'Quiet hours' }),
        this.check('Quiet hours on', n.quietHours.enabled, (on) => (n.quietHours.enabled = on), 'notifications.quietHours.enabled'),
        this.text('notifications.quietHours.start', 'From', n.quietHours.start, (v) => (n.quietHours.start = v), undefined, 'time'),
        this.text('notifications.quietHours.end', 'Until', n.quietHours.end, (v) => (n.quietHours.end = v), 'A start after the end spans midnight.', 'time'),
      ),
      el('fieldset', {}, el('legend', { text: 'Pause' }), this.pauseStatus, el('div', { className: 'row-buttons' }, ...pauseButtons, button('Resume', () => void this.resume(), 'btn btn-quiet'))),
      el('fieldset', {}, el('legend', { text: 'Storms and outages' }),
        this.number('notifications.storm.maxCount', 'Notifications before a summary', n.storm.maxCount, (v) => (n.storm.maxCount = v)),
        this.number('notifications.storm.windowSeconds', 'Summary window in seconds', n.storm.windowSeconds, (v) => (n.storm.windowSeconds = v)),
        this.number('notifications.offlineNoticeMinutes', 'Minutes offline before a notice', n.offlineNoticeMinutes, (v) => (n.offlineNoticeMinutes = v), '0 turns the offline notice off.'),
      ),
      el('fieldset', { attrs: { 'aria-describedby': 'alarm-hint' } }, el('legend', { text: 'Alarm for urgent incidents' }),
        el('p', { className: 'field-hint', attrs: { id: 'alarm-hint' }, text: 'Urgent incidents are the ones set to notify always. The alarm sounds when one arrives and repeats until someone acknowledges it.' }),
        this.check('Sound the alarm', n.escalation.sound === 'alarm', (on) => (n.escalation.sound = on ? 'alarm' : 'silent'), 'notifications.escalation.sound'),
        this.number('notifications.escalation.volume', 'Volume (0 to 100)', n.escalation.volume, (v) => (n.escalation.volume = v)),
        this.number('notifications.escalation.repeatSeconds', 'Repeat every (seconds)', n.escalation.repeatSeconds, (v) => (n.escalation.repeatSeconds = v)),
        this.number('notifications.escalation.maxRepeats', 'Stop after this many repeats', n.escalation.maxRepeats, (v) => (n.escalation.maxRepeats = v), '0 sounds once. Unacknowledged incidents stay counted in the tray.'),
        this.check('Show the window when an urgent incident arrives', n.escalation.bringToFront, (on) => (n.escalation.bringToFront = on), 'notifications.escalation.bringToFront'),
      ),
      el('fieldset', {}, el('legend', { text: 'Doors that keep raising incidents' }),
        this.check('Treat a door as urgent when the same incident keeps coming back', n.repeatOffender.enabled, (on) => (n.repeatOffender.enabled = on), 'notifications.repeatOffender.enabled'),
        this.number('notifications.repeatOffender.count', 'Incidents from one door', n.repeatOffender.count, (v) => (n.repeatOffender.count = v)),
        this.number('notifications.repeatOffender.minutes', 'Within minutes', n.repeatOffender.minutes, (v) => (n.repeatOffender.minutes = v), 'For example 4 within 20: "Door left open 4 times in 20 min" arrives once, as urgent, with the alarm.'),
      ),
    );
  }

  private recoverySection(draft: Draft): HTMLElement {
    const r = draft.recovery;
    this.renderRecoveryAddress(draft);
    return section(
      'Recovery of missed events',
      el('p', { className: 'field-hint', text: 'After the app was offline or closed, it asks the Core REST API for the events it missed, with the same sign-in, and marks them "recovered".' }),
      this.check('Recover missed events', r.enabled, (on) => (r.enabled = on), 'recovery.enabled'),
      this.recoveryAddress,
      this.number('recovery.lookBackHours', 'Hours to look back on start', r.lookBackHours, (v) => (r.lookBackHours = v), 'When the app starts, it recovers at most this far back (1 to 168 hours).'),
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
      this.text(`recovery.restUrl.${env}`, `Core REST address (${env})`, r.restUrl[env] ?? '', (v) => (r.restUrl[env] = v.trim() === '' ? null : v), emptyMeans),
    );
  }

  private generalSection(draft: Draft): HTMLElement {
    return section(
      'General',
      this.number('history.maxEvents', 'Events kept in history', draft.history.maxEvents, (v) => (draft.history.maxEvents = v)),
      this.number('history.maxDays', 'Days kept in history', draft.history.maxDays, (v) => (draft.history.maxDays = v)),
      this.check('Start Clay Tray when I log in', draft.general.startAtLogin, (on) => (draft.general.startAtLogin = on), 'general.startAtLogin'),
      el('div', { className: 'row-buttons' }, button('Copy diagnostics', () => void this.copyDiagnostics()), this.diagnosticsNote),
      el('p', { className: 'field-hint', text: 'Versions, connection states, recent errors and the last 20 raw payloads per stream (ids kept), with secrets removed: paste it into a support request, or send it to help support real sites.' }),
    );
  }

  private updatesSection(draft: Draft): HTMLElement {
    const channel = el('select', {}, el('option', { attrs: { value: 'stable' }, text: 'Stable releases' }), el('option', { attrs: { value: 'beta' }, text: 'Beta releases (earlier, less tested)' }));
    channel.value = draft.updates.channel;
    channel.addEventListener('change', () => {
      draft.updates.channel = channel.value === 'beta' ? 'beta' : 'stable';
      this.changed('updates.channel');
    });
    const channelField = field('Update channel', channel);
    this.fields.set('updates.channel', { control: channel, error: channelField.error });
    return section(
      'Updates',
      this.check('Download and install updates automatically', draft.updates.enabled, (on) => (draft.updates.enabled = on), 'updates.enabled'),
      channelField.root,
      this.text('updates.feedUrl', 'Update server (optional)', draft.updates.feedUrl ?? '', (v) => (draft.updates.feedUrl = v.trim() === '' ? null : v), 'Leave empty for the Clay Tray releases. Your IT department may give you an https:// address of its own.'),
      el('p', { className: 'field-hint', text: 'Updates install when you quit Clay Tray or choose Restart to update. Clay Tray never restarts on its own while an urgent incident is not acknowledged or these settings have unsaved changes.' }),
    );
  }

  private text(path: string, label: string, value: string, set: (value: string) => void, hint?: string, type = 'text'): HTMLElement {
    const input = el('input', { attrs: { type, autocomplete: 'off', spellcheck: 'false' } });
    input.value = value;
    const { root, error } = field(label, input, hint);
    this.fields.set(path, { control: input, error });
    input.addEventListener('input', () => {
      set(input.value);
      this.changed(path, false);
    });
    input.addEventListener('blur', () => this.changed(path));
    return root;
  }

  private number(path: string, label: string, value: number, set: (value: number) => void, hint?: string): HTMLElement {
    const input = el('input', { attrs: { type: 'number', inputmode: 'numeric', step: '1' } });
    input.value = String(value);
    const { root, error } = field(label, input, hint);
    this.fields.set(path, { control: input, error });
    input.addEventListener('input', () => {
      set(input.value.trim() === '' ? Number.NaN : input.valueAsNumber);
      this.changed(path, false);
    });
    input.addEventListener('blur', () => this.changed(path));
    return root;
  }

  private check(label: string, value: boolean, set: (on: boolean) => void, path: string): HTMLElement {
    const input = el('input', { attrs: { type: 'checkbox' } });
    input.checked = value;
    input.addEventListener('change', () => {
      set(input.checked);
      this.changed(path);
    });
    return el('label', { className: 'check' }, input, ` ${label}`);
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

function section(title: string, ...children: readonly (Node | null)[]): HTMLElement {
  const id = uid('sec');
  return el('section', { className: 'settings-section', attrs: { 'aria-labelledby': id } }, el('h2', { attrs: { id }, text: title }), ...children);
}
