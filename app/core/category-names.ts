/**
 * The names moved to app/common/category-names.ts so the window uses them too. This re-export only
 * keeps app/shell/tray.ts (not this task's file) compiling until its import points there; then
 * this file goes.
 */
export { describeCategory } from '../common/category-names';
