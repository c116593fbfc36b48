/**
 * Removes secrets from text before it reaches a log, an error message or the renderer. Patterns
 * cover what this app handles (JWT access tokens, Bearer/Basic headers, OAuth form and JSON fields,
 * also when that JSON is itself escaped inside a string, or the form is URL-encoded into a URL);
 * `secrets` are the literal values currently in use (the client secret, a static token), removed
 * in every spelling they travel in: as typed, JSON-escaped, URL-encoded, form-encoded, base64.
 */
const MASK = '[redacted]';
const MIN_SECRET_LENGTH = 4;

const SECRET_KEYS = 'access_token|refresh_token|id_token|client_secret|password|token|accessToken|clientSecret';

const PATTERNS: readonly [RegExp, string][] = [
  [/eyJ[A-Za-z0-9_-]{2,}\.[A-Za-z0-9_-]{2,}\.[A-Za-z0-9_-]*/g, MASK],
  [/\b(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]+/gi, `$1 ${MASK}`],
  // A proxy URL's password: http://user:password@host.
  [/\b([a-z][a-z0-9+.-]*:\/\/[^\s/:@]*):[^\s/@]+@/gi, `$1:${MASK}@`],
  [/\b(access_token|refresh_token|id_token|client_secret|password|token)=[^&\s"']*/gi, `$1=${MASK}`],
  [/("(?:access_token|refresh_token|id_token|client_secret|password|token|accessToken|clientSecret)"\s*:\s*)"(?:[^"\\]|\\.)*"/gi, `$1"${MASK}"`],
  // JSON inside a JSON string (a logged response body): {\"client_secret\":\"…\"}.
  [new RegExp(`(\\\\+"(?:${SECRET_KEYS})\\\\+"\\s*:\\s*)(\\\\+")[^"]*?(\\\\+")`, 'gi'), `$1$2${MASK}$3`],
  // A form body URL-encoded into a URL or another form: client_secret%3D…%26scope%3D….
  // (After %26 the key follows a hex digit, so no \b: a letter or underscore before it is what rules it out.)
  [new RegExp(`(?<![A-Za-z_])(${SECRET_KEYS})%3D(?:(?!%26)[^&\\s"'])*`, 'gi'), `$1%3D${MASK}`],
];

/** Every spelling of `secret` this app's text can carry, longest first. */
function spellings(secret: string): string[] {
  const json = JSON.stringify(secret).slice(1, -1);
  const uriEncoded = encodeURIComponent(secret);
  const forms = [
    secret,
    json,
    json.replace(/\//g, '\\/'),
    asciiJson(json),
    // JSON logged inside JSON (a response body in a log line) escapes it twice.
    JSON.stringify(json).slice(1, -1),
    uriEncoded,
    uriEncoded.replace(/%[0-9A-F]{2}/g, (hex) => hex.toLowerCase()),
    new URLSearchParams({ v: secret }).toString().slice(2),
    Buffer.from(secret).toString('base64'),
  ];
  return [...new Set(forms)].sort((a, b) => b.length - a.length);
}

/** JSON as serialisers that escape everything beyond ASCII write it (\u00e9). */
function asciiJson(json: string): string {
  return json.replace(/[\u0080-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

export function redact(text: string, secrets: readonly string[] = []): string {
  let out = text;
  for (const secret of secrets) {
    if (secret.length < MIN_SECRET_LENGTH) continue;
    for (const form of spellings(secret)) {
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
