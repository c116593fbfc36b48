/** Acknowledging incidents from the window, apart from AppCore so the durability rule reads on its own. */
import type { AcknowledgeRequest } from '../../common/ipc-contract';
import type { Acknowledgement } from '../../common/models';
import { fail, ok, type Result } from '../../common/result';
import type { HistoryStore } from '../history';
import { operatorName } from './operator';
import type { Clock, Logger } from '../ports';

export interface AcknowledgeDeps {
  readonly history: HistoryStore;
  readonly clock: Clock;
  readonly logger: Logger;
  /** Who acknowledges, recorded in history; the OS user name when absent. */
  readonly operator: string | undefined;
  /** Escalation re-checks once the acknowledgement is on disk. */
  readonly recheckEscalation: () => void;
  readonly historyChanged: () => void;
}

/**
 * Incidents acknowledged per step. Acknowledging 100,000 at once held main for hundreds of
 * milliseconds (the index walk, then one huge log record); in steps of this size main answers the
 * window and the hubs between them (`npm run bench`, alarm desk).
 */
export const ACKNOWLEDGE_STEP = 2_000;

/**
 * Records who took charge of the chosen incidents, and answers only once that is on disk (fsync):
 * an acknowledgement the desk saw confirmed survives a crash or a power cut. Many incidents are
 * acknowledged in steps with a yield between them; each step is its own log record, and the answer
 * still waits for all of them to be on disk.
 */
export async function acknowledgeIncidents(deps: AcknowledgeDeps, request: AcknowledgeRequest): Promise<Result<number>> {
  const note = request.note?.trim() ?? '';
  const ack: Acknowledgement = { by: deps.operator ?? operatorName(), at: new Date(deps.clock.now()).toISOString(), note: note === '' ? null : note };
  const keys = 'keys' in request ? request.keys : deps.history.needingAcknowledgement(request.filter);
  let changed = 0;
  for (let at = 0; at < keys.length; at += ACKNOWLEDGE_STEP) {
    if (at > 0) await new Promise<void>((resolve) => setImmediate(resolve));
    changed += deps.history.acknowledge({ keys: keys.slice(at, at + ACKNOWLEDGE_STEP) }, ack);
  }
  if (changed === 0) return ok(0);
  try {
    await deps.history.flush();
  } catch (error) {
    deps.logger.error('An acknowledgement could not be saved', { reason: error instanceof Error ? error.message : String(error) });
    deps.historyChanged();
    return fail('history-write-failed', 'The acknowledgement is shown but could not be saved to disk yet; the app keeps trying. Check the free space on this computer.');
  }
  deps.logger.info('Acknowledged incidents', { count: changed, by: ack.by });
  deps.recheckEscalation();
  deps.historyChanged();
  return ok(changed);
}
