// The gate's turn inside the minute reconcile (the safety net): one pass of
// the gate, and a kick of the fast gate loop when a rollout started that the
// reconcile's snapshot did not know, or a pause waited unseen (no loop was
// running). Held rollouts get their reminders here.
import { isActiveExecution, type Snapshot } from '../../domain/snapshot';
import type { ControllerDeps, RunGateOnce } from '../deps';
import { DEFAULT_GATE_FUNCTION, kickGate } from './kick';
import { OBSERVER } from './lease';
import { longestBakeWindowMs, runGateOnce } from './run-gate';
import { watchedByLoops } from './watched';

/** The gate function kicked is the configured one (`deps.gateFunction`, ROLLGATE_GATE_FUNCTION), as for an event-driven reconcile. */
export function reconcileGate(): RunGateOnce {
  return async (deps: ControllerDeps, snapshot: Snapshot, startedNow: readonly string[] = []) => {
    const gateFunction = deps.gateFunction ?? DEFAULT_GATE_FUNCTION;
    // Every rollout to decide is under a live gate loop's lease: the loop decides them, this turn would read only
    // to leave them alone. A rollout this reconcile started is not in the snapshot: then the turn runs and kicks.
    const watch = startedNow.length === 0 ? watchedByLoops(snapshot, deps.now(), longestBakeWindowMs(deps)) : undefined;
    if (watch?.watched === true) return { active: watch.active, decisions: [], errors: 0, watched: true };
    // Only pauses no live gate loop watches: the loop and this turn never both decide one.
    const report = await runGateOnce(deps, OBSERVER);
    const known = new Set(snapshot.executions.filter(isActiveExecution).map((e) => e.id));
    const started = report.activeExecutionIds.filter((id) => !known.has(id));
    let kicked: string | undefined;
    if (report.active > 0 && (started.length > 0 || report.stalePauses > 0)) {
      kicked =
        started.length > 0 ? `rollout started: ${started.join(', ')}` : `${report.stalePauses} pause(s) unwatched`;
      try {
        await kickGate(deps.clients, gateFunction, kicked);
      } catch (err) {
        // The minute reconcile still runs the gate: a failed kick only makes it slower.
        deps.log.warn({ err, gateFunction }, 'gate loop could not be started');
        kicked = undefined;
      }
    }
    return {
      active: report.active,
      held: report.held,
      decisions: report.decisions.map((d) => ({
        groupId: d.groupId,
        executionId: d.executionId,
        pause: d.pause,
        decision: d.decision,
        result: d.result,
      })),
      errors: report.errors.length,
      ...(kicked === undefined ? {} : { kicked }),
    };
  };
}
