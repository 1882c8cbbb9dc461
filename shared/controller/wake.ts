// Runs the reconcile again at the moment a waiting group's answer may change
// (a window opens) when that comes before the next timer tick: an FC async
// invocation of the reconcile function, delayed until then.
import type { CloudClients } from '../cloud/api';
import type { Wake } from '../domain/wake';

/**
 * The timer reconcile runs every minute: only the last tick before a moment arranges its wake (just under one period,
 * so a moment that falls on the next tick is left to that tick). A second tick arranging the same wake would run two
 * reconciles at once; a missed tick costs at most the minute the next one takes.
 */
export const WAKE_HORIZON_SECONDS = 59;

export async function scheduleWake(clients: CloudClients, functionName: string, wake: Wake): Promise<void> {
  await clients.fc.invokeFunction({
    functionName,
    payload: JSON.stringify({ reason: `wake at ${wake.at} for ${wake.groupIds.join(', ')}: ${wake.reason}` }),
    invocationType: 'Async',
    asyncDelaySeconds: wake.delaySeconds,
  });
}
