// Starts the gate function (FC async invoke) so a new rollout is watched
// within seconds of its pauses rather than at the next minute's reconcile.
import type { CloudClients } from '../../cloud/api';

export { DEFAULT_GATE_FUNCTION } from '../../config';

export async function kickGate(clients: CloudClients, functionName: string, reason: string): Promise<void> {
  await clients.fc.invokeFunction({ functionName, payload: JSON.stringify({ reason }), invocationType: 'Async' });
}
