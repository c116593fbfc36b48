import type { AggregatePhase, SubscriptionState } from '../../common/models';

const PHASE_RANK: Readonly<Record<AggregatePhase, number>> = { 'auth-failed': 4, offline: 3, connecting: 2, connected: 1, stopped: 0 };

/** The worst phase over all subscriptions: what the tray shows. */
export function aggregatePhase(states: readonly SubscriptionState[]): AggregatePhase {
  let worst: AggregatePhase = 'stopped';
  for (const state of states) {
    const phase: AggregatePhase = state.status.phase === 'reconnecting' ? 'connecting' : state.status.phase;
    if (PHASE_RANK[phase] > PHASE_RANK[worst]) worst = phase;
  }
  return worst;
}
