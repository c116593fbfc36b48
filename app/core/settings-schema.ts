/**
 * The rules moved to app/common/settings-rules.ts so the window uses them too. This re-export only
 * keeps test/renderer/test-bridge.ts (another engineer's file, being edited) compiling until its
 * import points there; then this file goes.
 */
export { readSettings } from '../common/settings-rules';
