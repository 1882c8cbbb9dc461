// Starts the gate function (FC async invoke) so a new rollout is watched
// within seconds of its pauses rather than at the next minute's reconcile.
import type { CloudClients } from '../../cloud/api';
import type { GateMemoryWire } from '../../schemas/gate-memory';

export { DEFAULT_GATE_FUNCTION } from '../../config';

/**
 * `holder`: the lease holder the new invocation continues as (a hand-over), with `memory`, the loop's memory as
 * hand-over.ts serialised and bounded it; a kick without a holder starts a new loop. The serialisation stays in
 * hand-over.ts, so the functions that only kick a new loop do not bundle it.
 */
export async function kickGate(
  clients: CloudClients,
  functionName: string,
  reason: string,
  holder?: string,
  memory?: GateMemoryWire,
): Promise<void> {
  // Fields left undefined are left out of the JSON.
  await clients.fc.invokeFunction({
    functionName,
    payload: JSON.stringify({ reason, holder, memory }),
    invocationType: 'Async',
  });
}
