/**
 * What `clay-tray dev-hub` keeps between runs: its client secret and token signing key. With them,
 * a restarted hub still accepts the tokens and the secret a client already holds, as a real server
 * does, so a client running across the restart carries on.
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import path from 'node:path';
import * as v from 'valibot';

export interface DevHubState {
  readonly clientSecret: string;
  readonly signingKey: string;
}

const STATE_VERSION = 1;

/** The state file's fields; each message finishes "the dev hub state file … ". */
const STATE_FILE = v.object({
  version: v.literal(STATE_VERSION, (issue) => `has version ${JSON.stringify(issue.input)}, expected ${STATE_VERSION}`),
  clientSecret: v.pipe(v.string('has no clientSecret'), v.nonEmpty('has no clientSecret')),
  signingKey: v.pipe(v.string('has no signingKey of at least 32 characters'), v.minLength(32, 'has no signingKey of at least 32 characters')),
});

export function defaultStatePath(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): string {
  const home = homedir();
  const base =
    platform === 'win32'
      ? (env.APPDATA ?? path.join(home, 'AppData', 'Roaming'))
      : platform === 'darwin'
        ? path.join(home, 'Library', 'Application Support')
        : (env.XDG_STATE_HOME ?? path.join(home, '.local', 'state'));
  return path.join(base, 'clay-tray', 'dev-hub.json');
}

export function newState(): DevHubState {
  return { clientSecret: randomBytes(18).toString('base64url'), signingKey: randomBytes(32).toString('base64url') };
}

/**
 * Reads the state, or creates it (owner-only) when there is none. A file that cannot be read as
 * state is an error and is left untouched, so nothing is lost.
 */
export function loadOrCreateState(file: string): { state: DevHubState; created: boolean } {
  let text: string | null = null;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') {
      throw new Error(`cannot read the dev hub state file ${file}: ${(error as Error).message}`);
    }
  }
  if (text !== null) return { state: parseState(file, text), created: false };
  const state = newState();
  mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  const temp = `${file}.${process.pid}.tmp`;
  writeFileSync(temp, `${JSON.stringify({ version: STATE_VERSION, ...state }, null, 2)}\n`, { mode: 0o600, flag: 'wx' });
  renameSync(temp, file);
  return { state, created: true };
}

function parseState(file: string, text: string): DevHubState {
  const problem = (why: string): Error =>
    new Error(`the dev hub state file ${file} ${why}. Move it away (or pass --ephemeral) and start again.`);
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw problem('is not valid JSON');
  }
  // Every field is handed to the schema, present or not, so a missing one is named by its own rule.
  const { version, clientSecret, signingKey } = (typeof value === 'object' && value !== null ? value : {}) as Record<string, unknown>;
  const result = v.safeParse(STATE_FILE, { version, clientSecret, signingKey }, { abortEarly: true });
  if (!result.success) throw problem(result.issues[0].message);
  return { clientSecret: result.output.clientSecret, signingKey: result.output.signingKey };
}
