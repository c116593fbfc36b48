import { t } from '../../app/common/messages/catalog';
import { button, el } from '../dom';

/** "Delete the whole history?": Cancel comes first, so Enter alone never deletes. */
export function clearHistoryDialog(onConfirm: () => void): HTMLDialogElement {
  const cancel = button(t('dialog.cancel'), () => dialog.close('cancel'));
  const confirmButton = button(t('history.clearConfirm'), () => dialog.close('clear'), 'btn btn-danger');
  const dialog = el(
    'dialog',
    { className: 'confirm', attrs: { 'aria-labelledby': 'confirm-clear-title', 'aria-describedby': 'confirm-clear-text' } },
    el('h2', { attrs: { id: 'confirm-clear-title' }, text: t('history.clearTitle') }),
    el('p', { attrs: { id: 'confirm-clear-text' }, text: t('history.clearText') }),
    el('div', { className: 'dialog-buttons' }, cancel, confirmButton),
  );
  // showModal focuses the first button: the safe choice.
  dialog.addEventListener('close', () => {
    if (dialog.returnValue === 'clear') onConfirm();
    dialog.returnValue = '';
  });
  return dialog;
}
