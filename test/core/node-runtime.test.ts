/**
 * Which Node runs this suite. CI runs the core, CLI and simulator tests a second time on Node 24
 * (see .ci/run) and says which version it means in CLAY_TRAY_EXPECT_NODE; this proves that run
 * really is on that Node and not on the machine's.
 */
import { describe, expect, it } from 'vitest';

describe('the Node running these tests', () => {
  it('is the one CI asked for, or at least the oldest Node the suite is run on', () => {
    const expected = process.env['CLAY_TRAY_EXPECT_NODE'];
    process.stdout.write(`Tests run on Node ${process.version}\n`);
    if (expected) expect(process.versions.node).toBe(expected);
    else expect(Number(process.versions.node.split('.')[0])).toBeGreaterThanOrEqual(20);
  });
});
