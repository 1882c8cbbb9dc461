// Where a rolling-update execution stands, read from OOS: paused after batch
// k of n, paused on failed instances, or finished (the last batch bakes).
// Batch numbers and the instances of a batch come from the loop item tasks
// (LoopBatchNumber, LoopItem); the batch count from Fn::CalculateBatch over
// the instances the template's first task found (its `instanceIds` output), as
// the templates compute it. Counters count tasks, not instances.
import type { CloudClients, Execution, TaskExecution } from '../../cloud/api';

export interface FailedItem {
  instanceId: string;
  taskExecutionId: string;
  childExecutionId?: string;
  /** Retries already made (attempts that failed, minus the first). */
  retries: number;
}

export interface PauseView {
  kind: 'batch' | 'failure' | 'final';
  /** Identifies the pause within its execution: `b<k>`, `x<k>`, `final`. */
  key: string;
  /** 1-based batch that just ran (the last batch for `final`). */
  batch: number;
  total: number;
  /** When the batch finished (the pause began), ISO 8601. */
  finishedAt: string;
  /** When the batch's first instance started (batch pauses), ISO 8601: with `finishedAt`, how long a batch takes. */
  startedAt?: string;
  batchInstanceIds: string[];
  /** Every instance the execution has worked on so far. */
  itemInstanceIds: string[];
  failed: FailedItem[];
}

const FAILED = ['Failed', 'Cancelled'];
/** Item task states that are over: a batch with any other (Started, Queued, Running, Waiting) is still running. */
const ENDED = ['Success', 'Failed', 'Cancelled', 'Skipped'];

function itemTasks(tasks: readonly TaskExecution[]): TaskExecution[] {
  return tasks.filter((t) => t.loopItem !== undefined && t.loopItem !== '');
}

/** Fn::CalculateBatch: items per batch so that there are at most batchNumber batches. */
export function totalBatches(batchNumber: number, items: number): number {
  if (items <= 0) return 1;
  const concurrency = Math.max(1, Math.ceil(items / Math.max(1, batchNumber)));
  return Math.ceil(items / concurrency);
}

function batchNumberParam(execution: Execution): number {
  const raw = execution.parameters['batchNumber'];
  const n = typeof raw === 'number' ? raw : Number.parseInt(String(raw ?? ''), 10);
  return Number.isInteger(n) && n > 0 ? n : 5;
}

/** "Batch 2 of 5" in the status message: a fallback when counters are missing. */
function totalFromMessage(message: string | undefined): number | undefined {
  const m = /batch\s+\d+\s+of\s+(\d+)/i.exec(message ?? '');
  return m?.[1] === undefined ? undefined : Number.parseInt(m[1], 10);
}

function latestEnd(tasks: readonly TaskExecution[], fallback: string | undefined): string {
  const ends = tasks.map((t) => Date.parse(t.endDate ?? '')).filter((t) => !Number.isNaN(t));
  if (ends.length > 0) return new Date(Math.max(...ends)).toISOString();
  return fallback ?? new Date(0).toISOString();
}

async function retriesOf(clients: CloudClients, task: TaskExecution): Promise<number> {
  if (task.childExecutionId === undefined || task.childExecutionId === '') return 0;
  const childTasks = await clients.oos.listAllTaskExecutions({ executionId: task.childExecutionId });
  return Math.max(0, childTasks.filter((t) => FAILED.includes(t.status)).length - 1);
}

interface LoopView {
  total: number;
  batch: number;
  inBatch: TaskExecution[];
  items: TaskExecution[];
  batchInstanceIds: string[];
  itemInstanceIds: string[];
}

/** The loop's items: the `instanceIds` output of getInstance (invoke) or getExistInstanceIds (rollback). */
function loopItemCount(tasks: readonly TaskExecution[], items: readonly TaskExecution[]): number {
  const found = tasks
    .filter((t) => t.loopItem === undefined || t.loopItem === '')
    .map((t) => t.outputs['instanceIds'])
    .filter(Array.isArray);
  return found.at(-1)?.length ?? new Set(items.map((t) => t.loopItem)).size;
}

async function readLoop(clients: CloudClients, execution: Execution): Promise<LoopView> {
  const tasks = await clients.oos.listAllTaskExecutions({
    executionId: execution.executionId,
    includeChildTaskExecution: true,
  });
  const items = itemTasks(tasks);
  const itemCount = loopItemCount(tasks, items);
  const total = Math.max(
    totalFromMessage(execution.statusMessage) ?? totalBatches(batchNumberParam(execution), itemCount),
    1,
  );
  const batch = items.reduce((max, t) => Math.max(max, t.loopBatchNumber ?? 0), 0);
  const inBatch = items.filter((t) => (t.loopBatchNumber ?? 0) === batch);
  return {
    total,
    batch,
    inBatch,
    items,
    batchInstanceIds: inBatch.map((t) => t.loopItem ?? ''),
    itemInstanceIds: [...new Set(items.map((t) => t.loopItem ?? ''))],
  };
}

/**
 * The pause of an execution, or undefined when it is running, or ended other
 * than in success. The listing only says where to look: the pause is what the
 * one task read shows — its latest batch, ended, and when that batch's own
 * tasks ended. A listing older than the tasks (it still says Waiting while the
 * next batch runs, because another gate approved) is therefore no pause.
 */
export async function readPause(clients: CloudClients, execution: Execution): Promise<PauseView | undefined> {
  const waiting = execution.status === 'Waiting';
  const final = execution.status === 'Success';
  if (!waiting && !final) return undefined;
  const { total, batch, inBatch, items, batchInstanceIds, itemInstanceIds } = await readLoop(clients, execution);
  if (waiting && (inBatch.length === 0 || inBatch.some((t) => !ENDED.includes(t.status)))) return undefined;
  if (final) {
    return {
      kind: 'final',
      key: 'final',
      batch: Math.max(batch, total),
      total,
      finishedAt: execution.endDate ?? latestEnd(inBatch, undefined),
      batchInstanceIds,
      itemInstanceIds,
      failed: [],
    };
  }
  const failedTasks = items.filter((t) => FAILED.includes(t.status));
  const failurePause =
    execution.waitingStatus === 'FailurePause' || (execution.waitingStatus !== 'BatchPause' && failedTasks.length > 0);
  if (failurePause) {
    const failed = await Promise.all(
      failedTasks.map(async (t) => ({
        instanceId: t.loopItem ?? '',
        taskExecutionId: t.taskExecutionId,
        ...(t.childExecutionId ? { childExecutionId: t.childExecutionId } : {}),
        retries: await retriesOf(clients, t),
      })),
    );
    return {
      kind: 'failure',
      key: `x${batch}`,
      batch,
      total,
      finishedAt: latestEnd(inBatch, execution.updateDate),
      batchInstanceIds,
      itemInstanceIds,
      failed,
    };
  }
  const starts = inBatch.map((t) => Date.parse(t.startDate ?? '')).filter((t) => !Number.isNaN(t));
  return {
    kind: 'batch',
    key: `b${batch}`,
    batch,
    total,
    finishedAt: latestEnd(inBatch, execution.updateDate),
    ...(starts.length === 0 ? {} : { startedAt: new Date(Math.min(...starts)).toISOString() }),
    batchInstanceIds,
    itemInstanceIds,
    failed: [],
  };
}

/** The pause a cancelled execution was cancelled at (`key` from the gate state), so its cleanup can be finished. */
export async function readCancelledPause(clients: CloudClients, execution: Execution, key: string): Promise<PauseView> {
  const { total, batch, inBatch, batchInstanceIds, itemInstanceIds } = await readLoop(clients, execution);
  const kind = key.startsWith('x') ? 'failure' : 'batch';
  return {
    kind,
    key,
    batch,
    total,
    finishedAt: latestEnd(inBatch, execution.updateDate),
    batchInstanceIds,
    itemInstanceIds,
    failed: [],
  };
}
