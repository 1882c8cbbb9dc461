// Instances skipped (allowed failures) in the current execution of a group,
// in the group tag `rollgate:gate-skipped` as `<executionId>|<id>,<id>`. The
// health check leaves them out of the batch it checks (they are known to
// have failed, and the policy allows it); they still count in the group's
// healthy share. A tag value holds 128 characters: about four ids.
import type { CloudClients } from '../../cloud/api';
import { encodeGateState, GATE_STATE_TAG, type GateState } from './state';

export const SKIPPED_TAG = 'rollgate:gate-skipped';
const MAX_VALUE = 128;

export function skippedIds(value: string | undefined, executionId: string): string[] {
  if (value === undefined) return [];
  const [owner, ids] = value.split('|');
  if (owner !== executionId || ids === undefined || ids === '') return [];
  return ids.split(',').filter((id) => id !== '');
}

export function skippedValue(executionId: string, ids: readonly string[]): string {
  let value = `${executionId}|`;
  for (const id of [...new Set(ids)]) {
    const next = value.endsWith('|') ? `${value}${id}` : `${value},${id}`;
    if (next.length > MAX_VALUE) break;
    value = next;
  }
  return value;
}

/**
 * Records a skip before it is sent: the gate state (its skip count) and the
 * skipped ids in one tag write, so a skip cut short (a crash, a failed
 * SkipTask) leaves both or neither, and the next turn can tell which failed
 * instances are already counted (`countedSkips`).
 */
export async function recordSkip(
  clients: CloudClients,
  groupId: string,
  tags: Readonly<Record<string, string>>,
  state: GateState,
  ids: readonly string[],
): Promise<void> {
  const next = {
    [GATE_STATE_TAG]: encodeGateState(state),
    [SKIPPED_TAG]: skippedValue(state.executionId, [...skippedIds(tags[SKIPPED_TAG], state.executionId), ...ids]),
  };
  const changed = Object.fromEntries(Object.entries(next).filter(([key, value]) => tags[key] !== value));
  if (Object.keys(changed).length > 0) await clients.ess.tagResources({ resourceIds: [groupId], tags: changed });
}

/**
 * Instances skipped earlier in the execution, as the domain counts them next
 * to the failed ones: the state's count, less the failed instances of this
 * pause it already includes (a skip recorded whose SkipTask did not happen).
 */
export function countedSkips(
  state: Pick<GateState, 'executionId' | 'skipped'>,
  skippedTag: string | undefined,
  failedNow: readonly string[],
): number {
  const recorded = new Set(skippedIds(skippedTag, state.executionId));
  return Math.max(0, state.skipped - failedNow.filter((id) => recorded.has(id)).length);
}
