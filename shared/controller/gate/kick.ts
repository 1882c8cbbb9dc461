// Starts the gate function (FC async invoke) so a new rollout is watched
// within seconds of its pauses rather than at the next minute's reconcile.
import type { CloudClients } from '../../cloud/api';
import { gateStartPayload } from './hand-over';
import type { GateMemory } from './memory';

export { DEFAULT_GATE_FUNCTION } from '../../config';

/**
 * `holder`: the lease holder the new invocation continues as (a hand-over), with the loop's `memory`; a kick without
 * one starts a new loop. A memory too large for the payload is left out (the hand-over still goes):
 * `memoryLeftOut` says how large it was.
 */
export async function kickGate(
  clients: CloudClients,
  functionName: string,
  reason: string,
  holder?: string,
  memory?: GateMemory,
): Promise<{ memoryLeftOut?: number }> {
  const { payload, memoryLeftOut } = gateStartPayload(reason, holder, memory);
  await clients.fc.invokeFunction({ functionName, payload, invocationType: 'Async' });
  return memoryLeftOut === undefined ? {} : { memoryLeftOut };
}
