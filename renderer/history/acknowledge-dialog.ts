/**
 * Asks for the optional note that goes with an acknowledgement, for one incident or many. The note
 * has the focus when it opens, so Enter alone starts a new line and never acknowledges anything.
 */
import { button, el, field } from '../dom';
import { t } from '../../app/common/messages/catalog';

/** The history log keeps notes up to this length (app/core/history/history-records.ts). */
export const NOTE_MAX = 1000;

export interface AcknowledgePrompt {
  readonly title: string;
  readonly text: string;
  readonly confirm: string;
}

export class AcknowledgeDialog {
  readonly root: HTMLDialogElement;
  private readonly title = el('h2', { attrs: { id: 'ack-title' } });
  private readonly text = el('p', { attrs: { id: 'ack-text' } });
  private readonly note = el('textarea', { attrs: { rows: '3', maxlength: String(NOTE_MAX), placeholder: t('ack.notePlaceholder') } });
  private readonly confirmButton: HTMLButtonElement;
  private settle: ((note: string | null) => void) | null = null;

  constructor() {
    const cancel = button(t('dialog.cancel'), () => this.root.close('cancel'));
    this.confirmButton = button(t('ack.oneConfirm'), () => this.root.close('acknowledge'), 'btn btn-primary');
    this.root = el(
      'dialog',
      { className: 'confirm acknowledge', attrs: { 'aria-labelledby': 'ack-title', 'aria-describedby': 'ack-text' } },
      this.title,
      this.text,
      field(t('ack.note'), this.note, t('ack.noteHint')).root,
      el('div', { className: 'dialog-buttons' }, cancel, this.confirmButton),
    );
    this.root.addEventListener('close', () => {
      const settle = this.settle;
      this.settle = null;
      settle?.(this.root.returnValue === 'acknowledge' ? this.note.value.trim() : null);
      this.root.returnValue = '';
    });
  }

  /** The note ('' for none), or null when the user cancelled. */
  ask(prompt: AcknowledgePrompt): Promise<string | null> {
    this.title.textContent = prompt.title;
    this.text.textContent = prompt.text;
    this.confirmButton.textContent = prompt.confirm;
    this.note.value = '';
    this.root.showModal();
    return new Promise((resolve) => {
      this.settle = resolve;
    });
  }
}
