/**
 * What the packaging test cannot run here (Windows and macOS targets, installers) is pinned by
 * reading electron-builder.yml itself: targets, icons, entitlements, fuses, tray resources.
 */
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../..', import.meta.url));
// js-yaml is what electron-builder itself reads its config with.
const yaml = createRequire(import.meta.url)('js-yaml') as { load(text: string): unknown };

interface PlatformConfig {
  target: string[];
  icon: string;
  extraResources: { from: string; to: string }[];
  entitlements?: string;
  entitlementsInherit?: string;
  hardenedRuntime?: boolean;
}

const config = yaml.load(readFileSync(path.join(root, 'electron-builder.yml'), 'utf8')) as {
  appId: string;
  productName: string;
  files: string[];
  asarUnpack: string[];
  electronFuses: Record<string, boolean>;
  linux: PlatformConfig;
  win: PlatformConfig;
  mac: PlatformConfig;
  publish: { provider: string; owner?: string; repo?: string; releaseType?: string }[];
};

describe('electron-builder.yml', () => {
  it('uses the appId, and the product name package.json declares', () => {
    const manifest = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as { productName: string };
    expect(config.appId).toBe('dev.claytray.app');
    expect(config.productName).toBe('Clay Tray');
    expect(manifest.productName).toBe(config.productName);
  });

  it('builds AppImage + deb, NSIS, and dmg + zip', () => {
    expect(config.linux.target).toEqual(['AppImage', 'deb']);
    expect(config.win.target).toEqual(['nsis']);
    expect(config.mac.target).toEqual(['dmg', 'zip']);
  });

  it('npm run dist builds the Linux targets unless told otherwise', () => {
    const manifest = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
    expect(manifest.scripts.dist).toBe('node scripts/build.mjs && node scripts/dist.mjs');
    expect(readFileSync(path.join(root, 'scripts', 'dist.mjs'), 'utf8')).toContain("? [] : ['--linux']");
  });

  it('publishes where the app looks for updates: GitHub releases of the project', () => {
    // electron-updater reads the first entry from resources/app-update.yml (the packaging test checks the file).
    expect(config.publish).toEqual([{ provider: 'github', owner: 'claytray', repo: 'clay-tray', releaseType: 'release' }]);
  });

  it('points at icons and entitlements that exist', () => {
    expect(config.linux.icon).toBe('build/icon.png');
    expect(config.win.icon).toBe('build/icon.ico');
    expect(config.mac.icon).toBe('build/icon.icns');
    for (const file of [config.linux.icon, config.win.icon, config.mac.icon]) expect(existsSync(path.join(root, file))).toBe(true);
    expect(config.mac.hardenedRuntime).toBe(true);
    expect(config.mac.entitlements).toBe('build/entitlements.mac.plist');
    const entitlements = readFileSync(path.join(root, 'build', 'entitlements.mac.plist'), 'utf8');
    expect(entitlements).toContain('<key>com.apple.security.cs.allow-jit</key>');
  });

  it('ships each OS its own tray icons under resources/tray/<os>', () => {
    for (const os of ['linux', 'win', 'mac'] as const) {
      expect(config[os].extraResources).toEqual([{ from: `build/tray/${os}`, to: `tray/${os}` }]);
      expect(existsSync(path.join(root, 'build', 'tray', os))).toBe(true);
    }
  });

  it('sets the security fuses', () => {
    expect(config.electronFuses).toEqual({
      runAsNode: false,
      enableCookieEncryption: true,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
      grantFileProtocolExtraPrivileges: false,
    });
  });

  it('packs only dist/ and package.json from the project, with keytar unpacked', () => {
    expect(config.files.filter((pattern) => !pattern.startsWith('!'))).toEqual(['package.json', 'dist/**']);
    expect(config.asarUnpack).toEqual(['**/node_modules/keytar/build/Release/*.node']);
  });
});
