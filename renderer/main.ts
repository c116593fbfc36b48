import { App } from './app';
import { getBridge } from './bridge';
import { el } from './dom';

try {
  new App(getBridge(), document.body).start();
} catch (error) {
  // Shown, not swallowed: a window without its bridge is a packaging bug the user should report.
  document.body.replaceChildren(el('p', { className: 'notice banner', text: error instanceof Error ? error.message : String(error) }));
}
