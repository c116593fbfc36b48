/**
 * A real Secret Service for keytar tests: a private D-Bus session bus and gnome-keyring-daemon on it,
 * with a scratch HOME so no real keyring is touched. Needs the Debian packages `dbus` and
 * `gnome-keyring`. libsecret reads the bus address when it first connects, so keytar runs in a child
 * process given `env`.
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

export interface Keyring {
  /** The environment a child process needs to reach this keyring. */
  readonly env: NodeJS.ProcessEnv;
  stop(): Promise<void>;
}

const READY_LIMIT_MS = 15_000;

export async function startKeyring(): Promise<Keyring> {
  const scratch = await mkdtemp(path.join(tmpdir(), 'clay-keyring-'));
  const children: ChildProcess[] = [];
  const stop = async () => {
    for (const child of children.reverse()) await ended(child);
    await rm(scratch, { recursive: true, force: true });
  };
  try {
    const bus = spawn('dbus-daemon', ['--session', '--print-address=1', '--nofork', '--nopidfile'], {
      stdio: ['ignore', 'pipe', 'ignore'],
    });
    children.push(bus);
    const address = await firstLine(bus, 'dbus-daemon (Debian package "dbus")');

    const home = path.join(scratch, 'home');
    const runtime = path.join(scratch, 'run');
    await mkdir(home, { recursive: true });
    await mkdir(runtime, { recursive: true, mode: 0o700 });
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      DBUS_SESSION_BUS_ADDRESS: address,
      HOME: home,
      XDG_DATA_HOME: path.join(home, '.local', 'share'),
      XDG_CONFIG_HOME: path.join(home, '.config'),
      XDG_RUNTIME_DIR: runtime,
    };

    // --foreground keeps the daemon our child, so we can end it; --unlock reads the password from stdin.
    const daemon = spawn('gnome-keyring-daemon', ['--foreground', '--unlock', '--components=secrets'], {
      env,
      stdio: ['pipe', 'ignore', 'ignore'],
    });
    children.push(daemon);
    const spawnFailure = new Promise<never>((_, reject) =>
      daemon.once('error', (error) => reject(new Error(`gnome-keyring-daemon could not start (Debian package "gnome-keyring"): ${error.message}`))),
    );
    daemon.stdin?.end('test-keyring-password');
    await Promise.race([spawnFailure, secretServiceOwned(env)]);
    return { env, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

function firstLine(child: ChildProcess, what: string): Promise<string> {
  return new Promise((resolve, reject) => {
    let text = '';
    child.once('error', (error) => reject(new Error(`${what} could not start: ${error.message}`)));
    child.once('exit', (code) => reject(new Error(`${what} exited (${code}) before printing its address`)));
    child.stdout?.on('data', (chunk: Buffer) => {
      text += chunk.toString('utf8');
      const newline = text.indexOf('\n');
      if (newline >= 0) resolve(text.slice(0, newline).trim());
    });
  });
}

async function secretServiceOwned(env: NodeJS.ProcessEnv): Promise<void> {
  const deadline = Date.now() + READY_LIMIT_MS;
  for (;;) {
    const { stdout } = await run(
      'dbus-send',
      ['--session', '--print-reply', '--dest=org.freedesktop.DBus', '/org/freedesktop/DBus', 'org.freedesktop.DBus.NameHasOwner', 'string:org.freedesktop.secrets'],
      { env },
    );
    if (stdout.includes('boolean true')) return;
    if (Date.now() > deadline) throw new Error(`gnome-keyring-daemon did not take org.freedesktop.secrets within ${READY_LIMIT_MS} ms`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

function ended(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) return Promise.resolve();
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
}
