// Where a group stands against its target's maintenance windows at an
// instant: open (until when) or closed (why, and when the next opens), and
// whether a rollout of the group would fit. One place, so a later freeze flag
// or "waiting for window W" joins here for status and plan alike.
import { batchNumberOf } from '../domain/policy/rollout';
import type { RolloutKind, Target } from '../domain/policy/target';
import { DEFAULT_INSTANCE_SECONDS } from '../domain/policy/templates';
import { inService } from '../domain/satisfied';
import type { GroupSnapshot } from '../domain/snapshot';
import type { Policy } from '../domain/policy/schema';
import { estimateRolloutSeconds, maintenanceWindowOpen, targetWindows } from '../domain/windows';

export interface WindowStatus {
  /** No window configured: always open. */
  always: boolean;
  open: boolean;
  /** Estimated seconds for a rollout of this group now. */
  estimatedSeconds: number;
  closesAt?: string;
  nextOpensAt?: string;
  /** Why it is closed: outside-window, blackout, does-not-fit. */
  reason?: string;
  detail?: string;
}

export function windowStatus(
  policy: Pick<Policy, 'windows'>,
  target: Target,
  kind: RolloutKind,
  group: GroupSnapshot,
  at: Date,
): WindowStatus {
  const estimatedSeconds = estimateRolloutSeconds(
    inService(group).length,
    batchNumberOf(target.rollout),
    target.gate.bakeSeconds,
    target.rollout.instanceSeconds ?? DEFAULT_INSTANCE_SECONDS[kind],
  );
  const windows = targetWindows(policy, target);
  if (windows.length === 0) return { always: true, open: true, estimatedSeconds };
  const verdict = maintenanceWindowOpen(windows, at, estimatedSeconds);
  if (verdict.open)
    return {
      always: false,
      open: true,
      estimatedSeconds,
      ...(verdict.closesAt === undefined ? {} : { closesAt: verdict.closesAt }),
    };
  return {
    always: false,
    open: false,
    estimatedSeconds,
    reason: verdict.reason,
    detail: verdict.detail,
    ...(verdict.nextOpensAt === undefined ? {} : { nextOpensAt: verdict.nextOpensAt }),
  };
}
