// Third-party notices for the About view, generated at build time from the production dependency
// tree (what electron-builder ships: `dependencies`, recursively, never devDependencies). Writes
// dist/notices.json: the app's own licence and, per package, name, version, licence and the text of
// its licence file. Run by scripts/build.mjs; `node scripts/notices.mjs` writes it alone.
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const LICENCE_FILE = /^((un)?licen[cs]e|copying|notice)([.-][\w.-]*)?$/i;
/** A licence text is a page or two; a file far larger is not a licence worth shipping whole. */
const MAX_TEXT = 64 * 1024;

function readJson(file) {
  return JSON.parse(readFileSync(file, 'utf8'));
}

/** Node's lookup: the nearest node_modules/<name> from `fromDir` upwards. */
function findPackageDir(name, fromDir, root) {
  for (let dir = fromDir; ; dir = path.dirname(dir)) {
    const candidate = path.join(dir, 'node_modules', name);
    if (existsSync(path.join(candidate, 'package.json'))) return candidate;
    if (dir === root || path.dirname(dir) === dir) return null;
  }
}

function licenceOf(pkg) {
  if (typeof pkg.license === 'string') return pkg.license;
  if (pkg.license && typeof pkg.license.type === 'string') return pkg.license.type;
  if (Array.isArray(pkg.licenses)) return pkg.licenses.map((l) => l.type ?? String(l)).join(' OR ');
  return 'UNKNOWN';
}

/** All of a package's licence files (some ship one per licence they offer), or null when it has none. */
function licenceText(dir) {
  const files = readdirSync(dir).filter((name) => LICENCE_FILE.test(name)).sort();
  if (files.length === 0) return null;
  const text = files.map((file) => readFileSync(path.join(dir, file), 'utf8').trim()).join('\n\n');
  return text.length > MAX_TEXT ? `${text.slice(0, MAX_TEXT)}\n…` : text;
}

/** Every package reachable through `dependencies` and `optionalDependencies` that is installed. */
export function collectNotices(root) {
  const app = readJson(path.join(root, 'package.json'));
  const seen = new Map();
  const queue = [{ deps: { ...app.dependencies, ...app.optionalDependencies }, from: root }];
  while (queue.length > 0) {
    const { deps, from } = queue.shift();
    for (const name of Object.keys(deps ?? {})) {
      const dir = findPackageDir(name, from, root);
      if (dir === null) continue; // an optional dependency for another OS
      const pkg = readJson(path.join(dir, 'package.json'));
      const key = `${pkg.name}@${pkg.version}`;
      if (seen.has(key)) continue;
      seen.set(key, { name: pkg.name, version: pkg.version, license: licenceOf(pkg), text: licenceText(dir) });
      queue.push({ deps: { ...pkg.dependencies, ...pkg.optionalDependencies }, from: dir });
    }
  }
  const notices = [...seen.values()].sort((a, b) => a.name.localeCompare(b.name) || a.version.localeCompare(b.version));
  return { license: licenceOf(app), notices };
}

export function writeNotices(root, outFile) {
  mkdirSync(path.dirname(outFile), { recursive: true });
  writeFileSync(outFile, `${JSON.stringify(collectNotices(root))}\n`);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
  writeNotices(root, path.join(root, 'dist', 'notices.json'));
}
