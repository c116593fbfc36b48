/**
 * Who is at the desk: the operating-system user name, recorded with every acknowledgement. Read
 * here (core may use Node) and handed to the core, so tests pass a name of their own.
 */
import { userInfo } from 'node:os';

/** Shown when the OS cannot say (a user without a passwd entry, some containers). */
export const UNKNOWN_OPERATOR = 'unknown user';

export function operatorName(): string {
  try {
    const name = userInfo().username.trim();
    return name === '' ? UNKNOWN_OPERATOR : name;
  } catch {
    return UNKNOWN_OPERATOR;
  }
}
