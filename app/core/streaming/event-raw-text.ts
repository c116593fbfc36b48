/**
 * The raw text of a message argument: what JSON.stringify writes, and for an argument too deep for
 * JSON.stringify the same text written by a loop, so it is always the real text.
 */

export function rawText(argument: unknown): string {
  if (typeof argument === 'string') return argument;
  if (argument === undefined) return '';
  try {
    return JSON.stringify(argument) ?? String(argument);
  } catch (error) {
    // JSON.stringify recurses, so deep nesting overflows the stack; the loop below does not.
    if (error instanceof RangeError) return stringifyWithoutRecursion(argument);
    throw error;
  }
}

type Frame =
  | { readonly array: readonly unknown[]; next: number }
  | { readonly object: Record<string, unknown>; readonly keys: readonly string[]; next: number; written: number };

/** JSON.stringify's output for plain JSON values, at any depth, with an explicit stack. */
function stringifyWithoutRecursion(root: unknown): string {
  const parts: string[] = [];
  const stack: Frame[] = [];
  const open = new Set<object>();
  /** Writes a value, or opens it; false when JSON would leave it out (undefined, a function). */
  const write = (value: unknown): boolean => {
    if (typeof value !== 'object' || value === null) {
      const text = JSON.stringify(value) as string | undefined;
      if (text === undefined) return false;
      parts.push(text);
      return true;
    }
    if (open.has(value)) throw new TypeError('the value contains itself');
    open.add(value);
    if (Array.isArray(value)) {
      parts.push('[');
      stack.push({ array: value, next: 0 });
    } else {
      parts.push('{');
      const object = value as Record<string, unknown>;
      stack.push({ object, keys: Object.keys(object), next: 0, written: 0 });
    }
    return true;
  };
  write(root);
  while (stack.length > 0) {
    const frame = stack[stack.length - 1]!;
    if ('array' in frame) {
      if (frame.next === frame.array.length) {
        parts.push(']');
        open.delete(frame.array);
        stack.pop();
        continue;
      }
      if (frame.next > 0) parts.push(',');
      const item = frame.array[frame.next++];
      if (!write(item)) parts.push('null');
      continue;
    }
    if (frame.next === frame.keys.length) {
      parts.push('}');
      open.delete(frame.object);
      stack.pop();
      continue;
    }
    const key = frame.keys[frame.next++]!;
    const value = frame.object[key];
    if (value === undefined || typeof value === 'function' || typeof value === 'symbol') continue;
    parts.push(`${frame.written++ > 0 ? ',' : ''}${JSON.stringify(key)}:`);
    write(value);
  }
  return parts.join('');
}
