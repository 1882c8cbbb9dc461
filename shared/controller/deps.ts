import type { CloudClients } from '../cloud/api';
import type { RecordedFreeze } from '../domain/batch-hold';
import type { Policy } from '../domain/policy';
import type { Snapshot } from '../domain/snapshot';
import type { Logger } from '../log';
import type { Now } from './clock';

/** What every controller use case gets, built once per invocation by the function's composition root. */
export interface ControllerDeps {
  clients: CloudClients;
  policy: Policy;
  regionId: string;
  /** MNS topic of rollgate's own events. */
  eventsTopic: string;
  now: Now;
  log: Logger;
  /**
   * The gate function to start when a rollout starts, so its first pause is
   * decided within seconds; unset where no gate runs (tests of the reconcile alone).
   */
  gateFunction?: string;
  /**
   * The reconcile function to wake (FC delayed async invoke) when a window
   * opens or a soak ends before the next timer tick; unset: no wakes.
   */
  reconcileFunction?: string;
  /**
   * The recorded freeze as one step reads it: at most once, and only when asked (the reconcile sets it for its
   * plan, so a turn that decides nothing the freeze could stop reads none; its gate turn goes without, and reads
   * the freeze when it approves). Unset: every ask reads it (policyInForce in freeze.ts).
   */
  recordedFreeze?: () => Promise<RecordedFreeze | undefined>;
}

/**
 * The gate's hook into reconcile: runs once per reconcile, on the snapshot
 * the reconcile read, after its actions. A no-op until the gate is wired
 * (functions/reconcile passes it).
 */
export type RunGateOnce = (
  deps: ControllerDeps,
  snapshot: Snapshot,
  /** Executions this reconcile started (the snapshot was read before them). */
  started?: readonly string[],
) => Promise<Record<string, unknown>>;
