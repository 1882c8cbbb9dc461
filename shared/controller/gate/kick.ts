// Starts the gate function (FC async invoke) so a new rollout is watched
// within seconds of its pauses rather than at the next minute's reconcile.
import type { CloudClients } from '../../cloud/api';

export { DEFAULT_GATE_FUNCTION } from '../../config';

/** `holder`: the lease holder the new invocation continues as (a hand-over); a kick without one starts a new loop. */
export async function kickGate(
  clients: CloudClients,
  functionName: string,
  reason: string,
  holder?: string,
): Promise<void> {
  await clients.fc.invokeFunction({
    functionName,
    payload: JSON.stringify({ reason, ...(holder === undefined ? {} : { holder }) }),
    invocationType: 'Async',
  });
}
