// OOS writes of the gate, each preceded by a fresh read: a decision taken on
// a pause that has moved on (another gate decided it, an operator acted) is
// not sent, and one OOS refuses because the execution changed in between is
// `unchanged`, not an error.
import type { CloudClients, Execution, NotifyExecutionRequest } from '../../cloud/api';
import { CloudError } from '../../cloud/errors';
import { listedAs } from './memory';
import { readPause } from './pause';

export type WriteOutcome = 'done' | 'unchanged';

export async function rereadExecution(clients: CloudClients, executionId: string): Promise<Execution | undefined> {
  const page = await clients.oos.listExecutions({ executionId });
  return page.executions.find((e) => e.executionId === executionId);
}

/**
 * True when the execution is still at the pause `pauseKey` (re-read now). With `readAt`, how the execution was
 * listed when its tasks showed that pause (a loop's memory, memory.ts): an execution re-read exactly so (status,
 * WaitingStatus, UpdateDate, EndDate) has not moved since, and its tasks are not read again.
 */
export async function stillAtPause(
  clients: CloudClients,
  executionId: string,
  pauseKey: string,
  readAt?: string,
): Promise<boolean> {
  const fresh = await rereadExecution(clients, executionId);
  if (fresh === undefined) return false;
  if (readAt !== undefined && listedAs(fresh) === readAt) return true;
  const pause = await readPause(clients, fresh);
  return pause?.key === pauseKey;
}

/** A refusal that means "the execution is not where you think": the race was lost, harmlessly. */
export function lostRace(error: unknown): boolean {
  return (
    CloudError.is(error) &&
    !error.retryable &&
    (error.code.startsWith('InvalidStatus') || error.code.startsWith('EntityNotExists'))
  );
}

export async function notifyAtPause(
  clients: CloudClients,
  pauseKey: string,
  request: NotifyExecutionRequest,
  readAt?: string,
): Promise<WriteOutcome> {
  if (!(await stillAtPause(clients, request.executionId, pauseKey, readAt))) return 'unchanged';
  try {
    await clients.oos.notifyExecution(request);
    return 'done';
  } catch (error) {
    if (lostRace(error)) return 'unchanged';
    throw error;
  }
}
