// Writes the gate state tag only when its value changes: a second gate with
// the same view writes nothing (`unchanged`). The latest answer's reason goes
// in the same call.
import type { CloudClients } from '../../cloud/api';
import { encodeGateReason, encodeGateState, GATE_REASON_TAG, GATE_STATE_TAG, type GateState } from './state';

export async function saveGateState(
  clients: CloudClients,
  groupId: string,
  current: string | undefined,
  state: GateState,
  /** Other group tags written in the same call (only when the state changes). */
  alongside: Readonly<Record<string, string>> = {},
): Promise<'updated' | 'unchanged'> {
  const value = encodeGateState(state);
  if (value === current) return 'unchanged';
  const tags: Record<string, string> = { ...alongside, [GATE_STATE_TAG]: value };
  if (state.reason !== undefined) tags[GATE_REASON_TAG] = encodeGateReason(state, state.reason);
  await clients.ess.tagResources({ resourceIds: [groupId], tags });
  return 'updated';
}
