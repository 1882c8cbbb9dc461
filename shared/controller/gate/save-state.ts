// Writes the gate state tag only when its value changes: a second gate with
// the same view writes nothing (`unchanged`).
import type { CloudClients } from '../../cloud/api';
import { encodeGateState, GATE_STATE_TAG, type GateState } from './state';

export async function saveGateState(clients: CloudClients, groupId: string, current: string | undefined, state: GateState): Promise<'updated' | 'unchanged'> {
  const value = encodeGateState(state);
  if (value === current) return 'unchanged';
  await clients.ess.tagResources({ resourceIds: [groupId], tags: { [GATE_STATE_TAG]: value } });
  return 'updated';
}
