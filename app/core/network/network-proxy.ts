/**
 * Which proxy a URL goes through: the HTTP(S)_PROXY / NO_PROXY environment, PAC-style answers,
 * and proxy URLs with credentials or shown without them.
 */

export type Environment = Readonly<Record<string, string | undefined>>;

/**
 * HTTPS_PROXY / HTTP_PROXY / ALL_PROXY / NO_PROXY, lower case first as curl reads them: ws: goes
 * like http:, wss: like https:.
 */
export function proxyFromEnvironment(env: Environment = process.env): (url: string) => Promise<string | null> {
  const read = (name: string): string => (env[name.toLowerCase()] ?? env[name.toUpperCase()] ?? '').trim();
  return (url) => {
    const secure = /^(https|wss):/i.test(url);
    const proxy = read(secure ? 'https_proxy' : 'http_proxy') || read('all_proxy');
    if (proxy === '' || bypassesProxy(url, read('no_proxy'))) return Promise.resolve(null);
    return Promise.resolve(normaliseProxyUrl(proxy));
  };
}

/**
 * The first usable proxy in a PAC-style answer, as Electron's `session.resolveProxy` gives it:
 * "PROXY proxy:3128; DIRECT". DIRECT is null. SOCKS is skipped: no SOCKS agent is bundled, and
 * the next entry (often DIRECT) is what a browser would fall back to as well.
 */
export function proxyFromPacResult(result: string): string | null {
  for (const entry of result.split(';')) {
    const [kind, where] = entry.trim().split(/\s+/);
    switch (kind?.toUpperCase()) {
      case 'DIRECT':
        return null;
      case 'PROXY':
        if (where) return `http://${where}`;
        break;
      case 'HTTPS':
        if (where) return `https://${where}`;
        break;
      default:
        break;
    }
  }
  return null;
}

/** A bare `host:port` (as people write HTTPS_PROXY) means an http proxy. */
export function normaliseProxyUrl(text: string): string {
  return /^[a-z][a-z0-9+.-]*:\/\//i.test(text) ? text : `http://${text}`;
}

/** The proxy URL with a user name and password for Basic proxy authentication. */
export function withProxyCredentials(proxyUrl: string, username: string, password: string | null): string {
  const url = new URL(normaliseProxyUrl(proxyUrl));
  if (username === '') return url.href;
  url.username = encodeURIComponent(username);
  url.password = password === null ? '' : encodeURIComponent(password);
  return url.href;
}

/** A proxy URL safe to show: no password. */
export function describeProxy(proxyUrl: string): string {
  try {
    const url = new URL(normaliseProxyUrl(proxyUrl));
    return `${url.protocol}//${url.username ? `${decodeURIComponent(url.username)}@` : ''}${url.host}`;
  } catch {
    return 'the configured proxy';
  }
}

/** Whether `host` matches a NO_PROXY-style list ("localhost, .corp.example, 10.1.2.3:8080, *"). */
export function bypassesProxy(url: string, noProxy: string): boolean {
  let target: URL;
  try {
    target = new URL(url);
  } catch {
    return false;
  }
  const host = target.hostname.replace(/^\[|\]$/g, '').toLowerCase();
  const port = target.port || (/^(https|wss):$/.test(target.protocol) ? '443' : '80');
  return noProxy
    .split(/[\s,]+/)
    .filter((entry) => entry !== '')
    .some((entry) => {
      if (entry === '*') return true;
      const [pattern, entryPort] = splitHostPort(entry.toLowerCase());
      if (entryPort && entryPort !== port) return false;
      const bare = pattern.replace(/^\*?\./, '');
      return host === bare || host.endsWith(`.${bare}`);
    });
}

/** "host", "host:port", "[v6]:port" or a bare IPv6 address. */
function splitHostPort(entry: string): [string, string | undefined] {
  const bracketed = /^\[([^\]]+)\](?::(\d+))?$/.exec(entry);
  if (bracketed) return [bracketed[1]!, bracketed[2]];
  if (entry.split(':').length > 2) return [entry, undefined];
  const [host, port] = entry.split(':');
  return [host!, port];
}
