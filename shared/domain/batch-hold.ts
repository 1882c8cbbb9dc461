// Whether a healthy batch pause may be approved (the next batch starts) or is
// held: an emergency freeze, or no window with time left for another batch.
// Pure: the gate asks it just before it would approve.
import type { Policy } from './policy/schema';
import type { Target } from './policy/target';
import { GROUP_TAG } from './tags';
import { targetWindows, windowStopsBatch } from './windows';

export type BatchHold =
  | { hold: false }
  | { hold: true; cause: 'frozen'; detail: string }
  | {
      hold: true;
      cause: 'window-closed';
      resume: 'next-window' | 'rollback';
      window: string;
      detail: string;
      nextOpensAt?: string;
    };

/** The account's freeze as the freeze operation recorded it (the controller reads it from the cloud). */
export interface RecordedFreeze {
  reason: string;
  /** When it was recorded (ISO time). */
  since?: string;
}

/** The policy with the recorded freeze in force; the policy file's own `freeze` wins. */
export function withRecordedFreeze(policy: Policy, recorded: RecordedFreeze | undefined): Policy {
  if (policy.freeze !== undefined || recorded === undefined) return policy;
  return { ...policy, freeze: { reason: recorded.reason } };
}

/** The freeze in force: the policy flag, else a group's `rollgate:frozen` tag (any value but `false`, the value is the reason). */
export function freezeOf(
  policy: Pick<Policy, 'freeze'>,
  groupTags: Readonly<Record<string, string>>,
): string | undefined {
  if (policy.freeze !== undefined) return policy.freeze.reason;
  const tag = groupTags[GROUP_TAG.frozen];
  return tag === undefined || tag === 'false' ? undefined : tag;
}

export interface BatchHoldInput {
  policy: Pick<Policy, 'freeze' | 'windows'>;
  /** The target rolling this group out; undefined when the policy no longer names one (nothing to hold for). */
  target: Pick<Target, 'name' | 'windows'> | undefined;
  groupTags: Readonly<Record<string, string>>;
  /** Rollbacks are never held: undoing a change is what a closing window or a freeze wants. */
  isRollback: boolean;
  now: Date;
}

export function batchHold(input: BatchHoldInput): BatchHold {
  if (input.isRollback) return { hold: false };
  const frozen = freezeOf(input.policy, input.groupTags);
  if (frozen !== undefined) return { hold: true, cause: 'frozen', detail: `frozen: ${frozen}` };
  if (input.target === undefined) return { hold: false };
  const stop = windowStopsBatch(targetWindows(input.policy, input.target), input.now);
  if (!stop.stop) return { hold: false };
  return {
    hold: true,
    cause: 'window-closed',
    resume: stop.resume,
    window: stop.window,
    detail: stop.detail,
    ...(stop.nextOpensAt === undefined ? {} : { nextOpensAt: stop.nextOpensAt }),
  };
}
