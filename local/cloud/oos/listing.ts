// ListExecutions / ListTaskExecutions: the real filters, sort orders and
// NextToken paging (research §2), over the model's records.
import type { RpcParams } from '../core/contracts';
import type { OosContext } from './context';
import { executionsByStart, getExecution, startPosition } from './context';
import { invalidParameter } from './errors';
import type { ExecutionRecord, TaskExecutionRecord } from './types';

export interface Page<T> {
  items: T[];
  maxResults: number;
  nextToken: string;
}

function parseDate(params: RpcParams, name: string): number | undefined {
  const raw = params[name];
  if (raw === undefined || raw === '') return undefined;
  const ms = Date.parse(raw);
  if (Number.isNaN(ms)) throw invalidParameter(name, 'Use an ISO 8601 UTC time such as 2024-01-01T00:00:00Z.');
  return ms;
}

function parseBool(params: RpcParams, name: string): boolean {
  const raw = params[name];
  if (raw === undefined || raw === '') return false;
  if (raw === 'true' || raw === 'false') return raw === 'true';
  throw invalidParameter(name, 'Valid values: true, false.');
}

function parseTagFilter(raw: string | undefined): Record<string, string> {
  if (raw === undefined || raw === '') return {};
  try {
    const json: unknown = JSON.parse(raw);
    if (typeof json === 'object' && json !== null && !Array.isArray(json)) {
      return Object.fromEntries(Object.entries(json).map(([k, v]) => [k, String(v)]));
    }
  } catch {
    // fall through to the error below
  }
  throw invalidParameter('Tags', 'It must be a JSON object such as {"k1":"v1"}.');
}

interface PageRequest {
  field: string;
  /** 1 ascending, -1 descending. */
  sign: 1 | -1;
  maxResults: number;
  offset: number;
  /** The last execution of the page before (StartDate order): the page goes on after it. */
  after?: string;
}

/** SortField/SortOrder (default StartDate, `defaultOrder`), MaxResults and NextToken, checked as the API checks them. */
function pageRequest(
  params: RpcParams,
  fields: readonly string[],
  defaultOrder: 'Ascending' | 'Descending',
): PageRequest {
  const field = params.SortField || 'StartDate';
  if (!fields.includes(field)) throw invalidParameter('SortField', `Valid values: ${fields.join(', ')}.`);
  const order = params.SortOrder || defaultOrder;
  if (order !== 'Ascending' && order !== 'Descending')
    throw invalidParameter('SortOrder', 'Valid values: Ascending, Descending.');
  const maxResults = params.MaxResults ? Number(params.MaxResults) : 50;
  if (!Number.isInteger(maxResults) || maxResults < 10 || maxResults > 100)
    throw invalidParameter('MaxResults', 'It must be an integer from 10 to 100.');
  return { field, sign: order === 'Ascending' ? 1 : -1, maxResults, ...decodeToken(params.NextToken) };
}

function pageOf<T>(items: T[], request: PageRequest, more: boolean, after?: string): Page<T> {
  return {
    items,
    maxResults: request.maxResults,
    nextToken: more ? encodeToken(request.offset + request.maxResults, after) : '',
  };
}

/** Sort by the request's field, creation order breaking ties; then page. */
function sortAndPage<T>(
  items: T[],
  request: PageRequest,
  fields: Record<string, (item: T) => number | string>,
): Page<T> {
  const key = fields[request.field] as (item: T) => number | string;
  const { sign, offset, maxResults } = request;
  const indexed = items.map((item, index) => ({ item, index, key: key(item) }));
  indexed.sort((a, b) => sign * (a.key < b.key ? -1 : a.key > b.key ? 1 : a.index - b.index));
  return pageOf(
    indexed.slice(offset, offset + maxResults).map((x) => x.item),
    request,
    offset + maxResults < indexed.length,
  );
}

/**
 * The same page as sortAndPage by StartDate, walking records already in start order (creation order among
 * equal starts) and stopping one match past the page: a page near the newest end costs what it holds. A
 * later page starts right after the execution that ended the page before (its position is kept with the
 * order), so page n of a NextToken chain no longer walks the n − 1 pages before it.
 */
function pageInStartOrder(
  ordered: readonly ExecutionRecord[],
  request: PageRequest,
  matches: (item: ExecutionRecord) => boolean,
  positionOfAfter: (executionId: string) => number,
): Page<ExecutionRecord> {
  const { sign, offset, maxResults } = request;
  const items: ExecutionRecord[] = [];
  // Not found (another listing's token): the offset alone, walked from the start.
  const resumeAt = request.after === undefined ? -1 : positionOfAfter(request.after);
  // Walk positions: k-th record from the oldest end (ascending) or from the newest end (descending).
  let k = resumeAt < 0 ? 0 : (sign === 1 ? resumeAt : ordered.length - 1 - resumeAt) + 1;
  let seen = resumeAt < 0 ? 0 : offset;
  for (; k < ordered.length; k++) {
    const item = ordered[sign === 1 ? k : ordered.length - 1 - k] as ExecutionRecord;
    if (!matches(item)) continue;
    if (seen >= offset + maxResults) return pageOf(items, request, true, items.at(-1)?.executionId);
    if (seen >= offset) items.push(item);
    seen += 1;
  }
  return pageOf(items, request, false);
}

function encodeToken(offset: number, after?: string): string {
  return Buffer.from(JSON.stringify(after === undefined ? { offset } : { offset, after })).toString('base64url');
}

function decodeToken(token: string | undefined): { offset: number; after?: string } {
  if (token === undefined || token === '') return { offset: 0 };
  try {
    const json = JSON.parse(Buffer.from(token, 'base64url').toString()) as { offset?: unknown; after?: unknown };
    const { offset, after } = json;
    if (typeof offset === 'number' && Number.isInteger(offset) && offset >= 0)
      return typeof after === 'string' ? { offset, after } : { offset };
  } catch {
    // fall through to the error below
  }
  throw invalidParameter('NextToken', 'It is not a token this API returned.');
}

function instancesOf(execution: ExecutionRecord): string[] {
  if (execution.child) return [execution.child.instanceId];
  return [...(execution.rollout?.children.keys() ?? [])];
}

export function listExecutions(ctx: OosContext, params: RpcParams): Page<ExecutionRecord> {
  const startAfter = parseDate(params, 'StartDateAfter');
  const startBefore = parseDate(params, 'StartDateBefore');
  const endAfter = parseDate(params, 'EndDateAfter');
  const endBefore = parseDate(params, 'EndDateBefore');
  const tags = parseTagFilter(params.Tags);
  // Children are listed only when asked for (IncludeChildExecution, ParentExecutionId) or named.
  const includeChildren =
    parseBool(params, 'IncludeChildExecution') || Boolean(params.ParentExecutionId) || Boolean(params.ExecutionId);

  const request = pageRequest(params, Object.keys(EXECUTION_SORT_KEYS), 'Descending');
  const matches = (e: ExecutionRecord): boolean =>
    (includeChildren || e.parentExecutionId === undefined) &&
    (!params.ExecutionId || e.executionId === params.ExecutionId) &&
    (!params.ParentExecutionId || e.parentExecutionId === params.ParentExecutionId) &&
    (!params.TemplateName || e.templateName.includes(params.TemplateName)) &&
    (!params.Status || e.status === params.Status) &&
    (!params.Mode || e.mode === params.Mode) &&
    (!params.Description || e.description.includes(params.Description)) &&
    (!params.ResourceId || instancesOf(e).includes(params.ResourceId)) &&
    (startAfter === undefined || e.startMs >= startAfter) &&
    (startBefore === undefined || e.startMs <= startBefore) &&
    (endAfter === undefined || (e.endMs !== undefined && e.endMs >= endAfter)) &&
    (endBefore === undefined || (e.endMs !== undefined && e.endMs <= endBefore)) &&
    Object.entries(tags).every(([k, v]) => e.tags[k] === v);
  if (request.field === 'StartDate') {
    // One execution named: the rest of the history need not be walked.
    const named = params.ExecutionId ? ctx.executions.get(params.ExecutionId) : undefined;
    return pageInStartOrder(
      params.ExecutionId ? (named === undefined ? [] : [named]) : executionsByStart(ctx),
      request,
      matches,
      (executionId) => {
        const after = ctx.executions.get(executionId);
        return after === undefined || params.ExecutionId ? -1 : startPosition(ctx, after);
      },
    );
  }
  return sortAndPage([...ctx.executions.values()].filter(matches), request, EXECUTION_SORT_KEYS);
}

const EXECUTION_SORT_KEYS: Record<string, (e: ExecutionRecord) => number | string> = {
  StartDate: (e) => e.startMs,
  EndDate: (e) => e.endMs ?? Infinity,
  Status: (e) => e.status,
};

export function listTaskExecutions(ctx: OosContext, params: RpcParams): Page<TaskExecutionRecord> {
  const executions = params.ExecutionId ? [getExecution(ctx, params.ExecutionId)] : [...ctx.executions.values()];
  const includeChildren =
    parseBool(params, 'IncludeChildTaskExecution') ||
    Boolean(params.ParentTaskExecutionId) ||
    Boolean(params.TaskExecutionId);
  const startAfter = parseDate(params, 'StartDateAfter');
  const startBefore = parseDate(params, 'StartDateBefore');
  const endAfter = parseDate(params, 'EndDateAfter');
  const endBefore = parseDate(params, 'EndDateBefore');
  const matches = executions
    .flatMap((e) => e.tasks)
    .filter(
      (t) =>
        (includeChildren || t.parentTaskExecutionId === undefined) &&
        (!params.TaskExecutionId || t.taskExecutionId === params.TaskExecutionId) &&
        (!params.ParentTaskExecutionId || t.parentTaskExecutionId === params.ParentTaskExecutionId) &&
        (!params.TaskName || t.taskName === params.TaskName) &&
        (!params.TaskAction || t.taskAction === params.TaskAction) &&
        (!params.Status || t.status === params.Status) &&
        (startAfter === undefined || t.startMs >= startAfter) &&
        (startBefore === undefined || t.startMs <= startBefore) &&
        (endAfter === undefined || (t.endMs !== undefined && t.endMs >= endAfter)) &&
        (endBefore === undefined || (t.endMs !== undefined && t.endMs <= endBefore)),
    );
  const fields: Record<string, (t: TaskExecutionRecord) => number | string> = {
    StartDate: (t) => t.startMs,
    EndDate: (t) => t.endMs ?? Infinity,
    Status: (t) => t.status,
  };
  return sortAndPage(matches, pageRequest(params, Object.keys(fields), 'Descending'), fields);
}
