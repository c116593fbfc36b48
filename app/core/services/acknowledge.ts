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
 * Records who took charge of the chosen incidents, and answers only once that is on disk (fsync):
 * an acknowledgement the desk saw confirmed survives a crash or a power cut.
 */
export async function acknowledgeIncidents(deps: AcknowledgeDeps, request: AcknowledgeRequest): Promise<Result<number>> {
  const note = request.note?.trim() ?? '';
  const ack: Acknowledgement = { by: deps.operator ?? operatorName(), at: new Date(deps.clock.now()).toISOString(), note: note === '' ? null : note };
  const changed = deps.history.acknowledge('keys' in request ? { keys: request.keys } : { filter: request.filter }, ack);
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
