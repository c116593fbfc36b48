/** What `clay-tray stream` hands its stdout (text, or UTF-8 bytes of whole lines), as text. */
export function outputText(chunk: string | Uint8Array): string {
  return typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8');
}
