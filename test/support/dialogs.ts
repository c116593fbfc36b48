/**
 * The dialog and clipboard ports (app/shell/host-ports.ts) for shell tests: they record what the
 * code asked, and answer as the test says the user did.
 */
import type { BaseWindow, MessageBoxOptions, MessageBoxReturnValue, SaveDialogOptions, SaveDialogReturnValue } from 'electron';
import type { ClipboardPort, DialogPort } from '../../app/shell/host-ports';

export class TestDialogs implements DialogPort {
  readonly saveRequests: SaveDialogOptions[] = [];
  /** The path the user picks, or null for Cancel. */
  nextSavePath: string | null = null;
  readonly messageBoxes: { readonly options: MessageBoxOptions; readonly parent: BaseWindow | null }[] = [];
  /** The index of the button the user presses in the next message box. */
  nextMessageBoxResponse = 0;
  /** Every native error box shown, oldest first. */
  readonly errorBoxes: { readonly title: string; readonly content: string }[] = [];

  showMessageBox(parent: BaseWindow | null, options: MessageBoxOptions): Promise<MessageBoxReturnValue> {
    this.messageBoxes.push({ options, parent });
    return Promise.resolve({ response: this.nextMessageBoxResponse, checkboxChecked: false });
  }

  showSaveDialog(_parent: BaseWindow | null, options: SaveDialogOptions): Promise<SaveDialogReturnValue> {
    this.saveRequests.push(options);
    const filePath = this.nextSavePath;
    return Promise.resolve(filePath === null ? { canceled: true, filePath: '' } : { canceled: false, filePath });
  }

  showErrorBox(title: string, content: string): void {
    this.errorBoxes.push({ title, content });
  }
}

export class TestClipboard implements ClipboardPort {
  text = '';
  /** The next write is refused with this error. */
  refuseNextWrite: Error | null = null;

  writeText(text: string): Promise<void> {
    const refusal = this.refuseNextWrite;
    this.refuseNextWrite = null;
    if (refusal) return Promise.reject(refusal);
    this.text = text;
    return Promise.resolve();
  }
}
