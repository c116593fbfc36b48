/**
 * The Settings view: a form over a draft copy of the settings, validated inline as the user types
 * (messages shown once a field was touched, all of them after a save attempt), saved as a patch of
 * the sections that changed. Secrets are write-only: the field is emptied after saving, and only
 * where the secret is kept is ever shown.
 */
import type { ClayApi, PauseRequest } from '../../app/common/ipc-contract';
import type { PauseState, StatusSnapshot } from '../../app/common/models';
import type { Settings, SettingsPatch } from '../../app/common/settings';
import { t } from '../../app/common/messages/catalog';
import { settle } from '../bridge';
import { button, el, replaceChildren, showFieldError, uid } from '../dom';
import { shortTime } from '../format';
import { alertRulesSection } from './alert-rules-section';
import { checkField, numberField, section, textField } from './form-kit';
import type { Control, Draft, FormKit } from './form-kit';
import { networkSection } from './network-section';
import { notificationsSection } from './notifications-section';
import { sitesSection } from './sites-section';
import { updatesSection } from './updates-section';
import { SecretField } from './secret-field';
import { validateSettings } from './validation';

const SECTIONS = ['connection', 'auth', 'notifications', 'history', 'general', 'network', 'recovery', 'updates', 'alertRules'] as const;

export class SettingsView {
  readonly root: HTMLElement;
  private readonly form = el('form', { className: 'settings-form', attrs: { novalidate: '', 'aria-label': t('tabs.settings') } });
  private readonly navList = el('ul', { className: 'settings-nav-list' });
  private readonly formMessage = el('p', { className: 'form-message', attrs: { role: 'alert' } });
  private readonly pauseStatus = el('p', { attrs: { 'aria-live': 'polite' } });
  private readonly testSteps = el('ol', { className: 'test-steps', attrs: { 'aria-live': 'polite', 'aria-label': t('test.stepsLabel') } });
  private readonly testNote = el('p', { className: 'muted' });
  private readonly diagnosticsNote = el('p', { attrs: { role: 'status' } });
  private readonly recoveryAddress = el('div', { className: 'stack' });
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

  private readonly secret: SecretField;

  constructor(private readonly clay: ClayApi) {
    this.secret = new SecretField(clay, () => (this.draft?.auth.mode === 'token' ? 'token' : 'client-secret'));
    this.root = el(
      'section',
      { className: 'view view-settings', attrs: { 'aria-label': t('tabs.settings') } },
      el('nav', { className: 'settings-nav', attrs: { 'aria-label': t('settings.sections') } }, this.navList),
      this.form,
    );
    this.form.addEventListener('submit', (event) => {
      event.preventDefault();
      void this.save();
    });
    replaceChildren(this.form, el('p', { className: 'muted', text: t('settings.loading') }));
  }

  start(): void {
    this.clay.settings.onDidChange((settings) => this.receive(settings));
    void settle(this.clay.settings.get()).then((result) => {
      if (result.ok) this.receive(result.value);
      else replaceChildren(this.form, el('p', { className: 'form-message', text: t('settings.loadFailed', { reason: result.error.message }) }));
    });
  }

  setVisible(visible: boolean): void {
    this.visible = visible;
    if (visible && !this.built) this.build();
  }

  showStatus(status: StatusSnapshot): void {
    this.secret.show(status.secret);
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
      this.formMessage.textContent = t('settings.changedElsewhere');
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
    const sections = el(
      'div',
      { className: 'settings-sections' },
      this.connectionSection(draft),
      this.authSection(draft),
      sitesSection(draft, this.kit),
      notificationsSection(draft, this.kit, { status: this.pauseStatus, pause: (request) => void this.pause(request), resume: () => void this.resume() }),
      alertRulesSection(draft, this.kit, this.clay),
      networkSection(draft.network, {
        ...this.kit,
        text: (path, label, value, set, hint) => textField(this.kit, path, label, value, set, hint),
      }, this.clay),
      this.recoverySection(draft),
      this.generalSection(draft),
      updatesSection(draft, this.kit),
    );
    // The Save bar is a row of its own below the scrolling sections, so it never covers a field.
    replaceChildren(
      this.form,
      el('div', { className: 'settings-scroll' }, sections),
      el('div', { className: 'form-actions' }, el('button', { className: 'btn btn-primary', attrs: { type: 'submit' }, text: t('settings.save') }), button(t('settings.discard'), () => this.discard(), 'btn btn-quiet'), this.formMessage),
    );
    this.fillNav(sections);
    this.validate();
    this.reportEditing();
  }

  /** One button per section, so a section far down (Sign-in's secret, Network) is one click away. */
  private fillNav(sections: HTMLElement): void {
    const headings = Array.from(sections.querySelectorAll<HTMLHeadingElement>('.settings-section > h2'));
    replaceChildren(
      this.navList,
      ...headings.map((heading) => {
        heading.tabIndex = -1;
        return el('li', {}, button(heading.textContent ?? '', () => {
          heading.scrollIntoView({ block: 'start' });
          heading.focus({ preventScroll: true });
        }, 'btn btn-quiet settings-nav-item'));
      }),
    );
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
      return el('label', { className: 'check' }, radio, ` ${t(env === 'production' ? 'connection.production' : 'connection.accept')}`);
    });
    return section(
      t('connection.title'),
      el('fieldset', {}, el('legend', { text: t('connection.environment') }), ...radios),
      textField(this.kit, 'connection.baseUrl', t('connection.baseUrl'), draft.connection.baseUrl ?? '', (v) => (draft.connection.baseUrl = v.trim() === '' ? null : v), t('connection.baseUrlHint')),
    );
  }

  private authSection(draft: Draft): HTMLElement {
    const modeName = uid('mode');
    const credentialFields = el(
      'div',
      { className: 'stack' },
      textField(this.kit, 'auth.clientId', t('auth.clientId'), draft.auth.clientId, (v) => (draft.auth.clientId = v)),
      textField(this.kit, 'auth.scope', t('auth.scope'), draft.auth.scope, (v) => (draft.auth.scope = v), t('auth.scopeHint')),
      textField(this.kit, 'auth.identityUrl', t('auth.identityUrl'), draft.auth.identityUrl ?? '', (v) => (draft.auth.identityUrl = v.trim() === '' ? null : v), t('auth.identityUrlHint')),
    );
    const sync = (): void => {
      credentialFields.hidden = draft.auth.mode !== 'client-credentials';
      this.secret.relabel();
    };
    const radios = (['client-credentials', 'token'] as const).map((mode) => {
      const radio = el('input', { attrs: { type: 'radio', name: modeName, value: mode } });
      radio.checked = draft.auth.mode === mode;
      radio.addEventListener('change', () => {
        if (radio.checked) draft.auth.mode = mode;
        sync();
        this.changed('auth.mode');
      });
      return el('label', { className: 'check' }, radio, ` ${t(mode === 'client-credentials' ? 'auth.modeCredentials' : 'auth.modeToken')}`);
    });
    sync();
    const test = button(t('test.button'), () => void this.testConnection());
    return section(
      t('auth.title'),
      el('fieldset', {}, el('legend', { text: t('auth.method') }), ...radios),
      credentialFields,
      ...this.secret.parts(),
      el('div', { className: 'row-buttons' }, test, this.testNote),
      this.testSteps,
    );
  }

  private recoverySection(draft: Draft): HTMLElement {
    const r = draft.recovery;
    this.renderRecoveryAddress(draft);
    return section(
      t('recovery.sectionTitle'),
      el('p', { className: 'field-hint', text: t('recovery.sectionHint') }),
      checkField(this.kit, t('recovery.enabled'), r.enabled, (on) => (r.enabled = on), 'recovery.enabled'),
      this.recoveryAddress,
      numberField(this.kit, 'recovery.lookBackHours', t('recovery.lookBack'), r.lookBackHours, (v) => (r.lookBackHours = v), t('recovery.lookBackHint')),
    );
  }

  /** The REST address field edits the chosen environment's address; its hint says what empty means there. */
  private renderRecoveryAddress(draft: Draft): void {
    const r = draft.recovery;
    const env = draft.connection.environment;
    for (const other of ['production', 'accept'] as const) this.fields.delete(`recovery.restUrl.${other}`);
    const emptyMeans =
      draft.connection.baseUrl !== null
        ? t('recovery.emptyCustom')
        : env === 'accept'
          ? t('recovery.emptyAccept')
          : t('recovery.emptyProduction');
    replaceChildren(
      this.recoveryAddress,
      textField(this.kit, `recovery.restUrl.${env}`, t('recovery.restUrl', { env }), r.restUrl[env] ?? '', (v) => (r.restUrl[env] = v.trim() === '' ? null : v), emptyMeans),
    );
  }

  private generalSection(draft: Draft): HTMLElement {
    return section(
      t('general.title'),
      numberField(this.kit, 'history.maxEvents', t('general.maxEvents'), draft.history.maxEvents, (v) => (draft.history.maxEvents = v)),
      numberField(this.kit, 'history.maxDays', t('general.maxDays'), draft.history.maxDays, (v) => (draft.history.maxDays = v)),
      checkField(this.kit, t('general.startAtLogin'), draft.general.startAtLogin, (on) => (draft.general.startAtLogin = on), 'general.startAtLogin'),
      textField(this.kit, 'general.shiftStarts', 'Shift start times', draft.general.shiftStarts.join(', '), (v) => (draft.general.shiftStarts = v.split(/[\s,;]+/).filter((t) => t !== '')), 'When each shift begins, like 06:00, 14:00, 22:00. The shift handover starts at the latest one passed.'),
      el('div', { className: 'row-buttons' }, button(t('general.copyDiagnostics'), () => void this.copyDiagnostics()), this.diagnosticsNote),
      el('p', { className: 'field-hint', text: t('general.diagnosticsHint') }),
    );
  }

  /** `touch` false while typing: a half-typed address is not yet an error worth shouting about. */
  private changed(path: string, touch = true): void {
    if (touch) this.touched.add(path);
    this.validate();
    this.testNote.textContent = this.dirty ? t('test.saveFirst') : '';
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
      this.formMessage.textContent = t('settings.notSavedProblems', { count: problems.length, first: problems[0]?.message ?? '' });
      const first = problems.map((p) => this.fields.get(p.path)?.control).find((c) => c !== null && c !== undefined);
      first?.focus();
      return;
    }
    const patch: Record<string, unknown> = {};
    for (const key of SECTIONS) {
      if (JSON.stringify(this.draft[key]) !== JSON.stringify(this.saved[key])) patch[key] = this.draft[key];
    }
    if (Object.keys(patch).length === 0) {
      this.formMessage.textContent = t('settings.nothingToSave');
      return;
    }
    const result = await settle(this.clay.settings.update(patch as SettingsPatch));
    if (!result.ok) {
      this.formMessage.textContent = t('settings.notSavedReason', { reason: result.error.message });
      return;
    }
    this.saved = result.value;
    this.draft = structuredClone(result.value) as Draft;
    this.touched.clear();
    this.showAll = false;
    this.build();
    this.formMessage.textContent = t('settings.saved');
  }

  private async testConnection(): Promise<void> {
    replaceChildren(this.testSteps, el('li', { text: t('test.testing') }));
    const result = await settle(this.clay.connection.test());
    if (!result.ok) {
      replaceChildren(this.testSteps, el('li', { className: 'step-fail', text: t('test.couldNotRun', { reason: result.error.message }) }));
      return;
    }
    const names = { settings: 'test.stepSettings', secret: 'test.stepSecret', token: 'test.stepToken', connect: 'test.stepConnect', rest: 'test.stepRest' } as const;
    replaceChildren(
      this.testSteps,
      ...result.value.steps.map((step) =>
        el('li', { className: step.ok ? 'step-ok' : 'step-fail' }, el('span', { className: 'step-mark', text: step.ok ? '✓ ' : '✗ ' }), el('strong', { text: t('test.stepName', { step: t(names[step.step]) }) }), step.message),
      ),
      el('li', { className: result.value.ok ? 'step-ok step-summary' : 'step-fail step-summary', text: t(result.value.ok ? 'test.works' : 'test.fails') }),
    );
  }

  private showPause(paused: PauseState | null): void {
    this.pauseStatus.textContent = paused === null ? t('pause.on') : paused.until === null ? t('pause.untilYouResume') : t('pause.until', { time: shortTime(paused.until) });
  }

  private async pause(request: PauseRequest): Promise<void> {
    const result = await settle(this.clay.notifications.pause(request));
    if (result.ok) this.showPause(result.value);
    else this.pauseStatus.textContent = t('pause.failed', { reason: result.error.message });
  }

  private async resume(): Promise<void> {
    const result = await settle(this.clay.notifications.resume());
    if (result.ok) this.showPause(null);
    else this.pauseStatus.textContent = t('pause.resumeFailed', { reason: result.error.message });
  }

  private async copyDiagnostics(): Promise<void> {
    const result = await settle(this.clay.diagnostics.copy());
    this.diagnosticsNote.textContent = result.ok ? t('general.diagnosticsCopied') : t('general.copyFailed', { reason: result.error.message });
  }
}
