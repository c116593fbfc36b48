/**
 * The About view: what is running (Clay Tray, Electron, Chrome, Node), where the app keeps its data
 * and crash reports, whether it is up to date ("Restart to update" once an update is downloaded),
 * and the licences: the app's own and every shipped third-party package's, generated at build time.
 */
import type { ClayApi } from '../../app/common/ipc-contract';
import type { AboutInfo, UpdateState } from '../../app/common/models';
import { settle } from '../bridge';
import { button, el, replaceChildren } from '../dom';
import { fullTime } from '../format';
import { t } from '../../app/common/messages/catalog';

export class AboutView {
  readonly root: HTMLElement;
  private readonly body = el('div', { className: 'about-body' });
  private readonly update = el('div', { className: 'about-update', attrs: { 'aria-live': 'polite' } });

  constructor(private readonly clay: ClayApi) {
    this.root = el('section', { className: 'view view-about', attrs: { 'aria-label': t('about.label') } }, this.body);
    replaceChildren(this.body, el('p', { className: 'muted', text: t('row.loadingText') }));
  }

  start(): void {
    this.clay.updates.onDidChange((state) => this.showUpdate(state));
  }

  showError(message: string): void {
    replaceChildren(this.body, el('p', { className: 'form-message', text: t('about.loadFailed', { reason: message }) }));
  }

  show(about: AboutInfo): void {
    const versions = el('dl', { className: 'fields' });
    for (const [name, version] of Object.entries(about.versions)) versions.append(el('dt', { text: name }), el('dd', { text: version }));
    const folders = el('dl', { className: 'fields' });
    for (const folder of about.dataFolders) folders.append(el('dt', { text: folder.label }), el('dd', { className: 'about-path', text: folder.path }));
    const notices = el('div', { className: 'about-notices' });
    for (const notice of about.notices) {
      notices.append(
        el(
          'details',
          { className: 'notice-item' },
          el('summary', { text: `${notice.name} ${notice.version} — ${notice.license}` }),
          el('pre', { className: 'raw', text: notice.text ?? t('about.noLicenceFile', { license: notice.license }) }),
        ),
      );
    }
    replaceChildren(
      this.body,
      el('h2', { text: t('app.title') }),
      el('p', { className: 'muted', text: t('about.tagline') }),
      versions,
      el('h3', { text: t('updates.title') }),
      this.update,
      el('h3', { text: t('about.dataFolders') }),
      folders,
      el('h3', { text: t('about.licences') }),
      el('p', { text: t('about.licenceText', { license: about.license, count: about.notices.length }) }),
      notices,
    );
    this.showUpdate(about.update);
  }

  private showUpdate(state: UpdateState): void {
    const checked = state.checkedAt ? el('p', { className: 'field-hint', text: t('about.lastAnswer', { time: fullTime(state.checkedAt) }) }) : null;
    const restart = state.phase === 'ready' ? button(t('about.restart'), () => void this.restart(), 'btn btn-primary') : null;
    replaceChildren(this.update, el('p', { className: `update-${state.phase}`, text: state.message }), checked, restart);
  }

  private async restart(): Promise<void> {
    const result = await settle(this.clay.updates.restart());
    if (!result.ok) this.update.append(el('p', { className: 'form-message', text: result.error.message }));
  }
}
