import { describe, expect, it } from 'vitest';
import { SecretMemory } from '../../../app/core/diagnostics/secret-memory';

describe('SecretMemory', () => {
  it('keeps each non-empty secret once, and only the newest eight', () => {
    const memory = new SecretMemory();
    memory.remember('');
    memory.remember('s-1');
    memory.remember('s-1');
    expect(memory.values()).toEqual(['s-1']);
    for (let n = 2; n <= 9; n += 1) memory.remember(`s-${n}`);
    expect(memory.values()).toEqual(['s-2', 's-3', 's-4', 's-5', 's-6', 's-7', 's-8', 's-9']);
  });
});
