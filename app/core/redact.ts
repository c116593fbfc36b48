/**
 * Removes secrets from text before it reaches a log, an error message or the renderer. Patterns
 * cover what this app handles (JWT access tokens, Bearer/Basic headers, OAuth form and JSON fields);
 * `secrets` are the literal values currently in use (the client secret, a static token).
 */
const MASK = '[redacted]';
const MIN_SECRET_LENGTH = 4;

const PATTERNS: readonly [RegExp, string][] = [
  [/eyJ[A-Za-z0-9_-]{2,}\.[A-Za-z0-9_-]{2,}\.[A-Za-z0-9_-]*/g, MASK],
  [/\b(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]+/gi, `$1 ${MASK}`],
  // A proxy URL's password: http://user:password@host.
  [/\b([a-z][a-z0-9+.-]*:\/\/[^\s/:@]*):[^\s/@]+@/gi, `$1:${MASK}@`],
  [/\b(access_token|refresh_token|id_token|client_secret|password|token)=[^&\s"']*/gi, `$1=${MASK}`],
  [/("(?:access_token|refresh_token|id_token|client_secret|password|token|accessToken|clientSecret)"\s*:\s*)"(?:[^"\\]|\\.)*"/gi, `$1"${MASK}"`],
];

export function redact(text: string, secrets: readonly string[] = []): string {
  let out = text;
  for (const secret of secrets) {
    if (secret.length < MIN_SECRET_LENGTH) continue;
    for (const form of new Set([secret, encodeURIComponent(secret), Buffer.from(secret).toString('base64')])) {
      out = out.split(form).join(MASK);
    }
  }
  for (const [pattern, replacement] of PATTERNS) out = out.replace(pattern, replacement);
  return out;
}

/** A value as safe text for a log field or error message. */
export function redactValue(value: unknown, secrets: readonly string[] = []): unknown {
  if (typeof value === 'string') return redact(value, secrets);
  if (value instanceof Error) return redact(value.message, secrets);
  if (value === null || typeof value !== 'object') return value;
  let json: string | undefined;
  try {
    json = JSON.stringify(value);
  } catch {
    json = String(value);
  }
  if (json === undefined) return value;
  try {
    return JSON.parse(redact(json, secrets)) as unknown;
  } catch {
    // Redaction can break JSON escapes; the text form is still safe.
    return redact(json, secrets);
  }
}
