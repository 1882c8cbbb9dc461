// ListExecutions / ListTaskExecutions: the real filters, sort orders and
// NextToken paging (research §2), over the model's records.
import type { RpcParams } from '../core/contracts';
import type { OosContext } from './context';
import { getExecution } from './context';
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

/** Sort by SortField/SortOrder (default StartDate, Descending), creation order breaking ties; then page. */
function sortAndPage<T>(
  items: T[],
  params: RpcParams,
  fields: Record<string, (item: T) => number | string>,
  defaultOrder: 'Ascending' | 'Descending',
): Page<T> {
  const field = params.SortField || 'StartDate';
  const key = fields[field];
  if (!key) throw invalidParameter('SortField', `Valid values: ${Object.keys(fields).join(', ')}.`);
  const order = params.SortOrder || defaultOrder;
  if (order !== 'Ascending' && order !== 'Descending') throw invalidParameter('SortOrder', 'Valid values: Ascending, Descending.');
  const sign = order === 'Ascending' ? 1 : -1;
  const indexed = items.map((item, index) => ({ item, index, key: key(item) }));
  indexed.sort((a, b) => sign * (a.key < b.key ? -1 : a.key > b.key ? 1 : a.index - b.index));

  const maxResults = params.MaxResults ? Number(params.MaxResults) : 50;
  if (!Number.isInteger(maxResults) || maxResults < 10 || maxResults > 100) throw invalidParameter('MaxResults', 'It must be an integer from 10 to 100.');
  const offset = decodeToken(params.NextToken);
  const page = indexed.slice(offset, offset + maxResults).map((x) => x.item);
  const nextToken = offset + maxResults < indexed.length ? encodeToken(offset + maxResults) : '';
  return { items: page, maxResults, nextToken };
}

function encodeToken(offset: number): string {
  return Buffer.from(JSON.stringify({ offset })).toString('base64url');
}

function decodeToken(token: string | undefined): number {
  if (token === undefined || token === '') return 0;
  try {
    const json: unknown = JSON.parse(Buffer.from(token, 'base64url').toString());
    const offset = (json as { offset?: unknown }).offset;
    if (typeof offset === 'number' && Number.isInteger(offset) && offset >= 0) return offset;
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
  const includeChildren = parseBool(params, 'IncludeChildExecution') || Boolean(params.ParentExecutionId) || Boolean(params.ExecutionId);

  const matches = [...ctx.executions.values()].filter(
    (e) =>
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
      Object.entries(tags).every(([k, v]) => e.tags[k] === v),
  );
  return sortAndPage(matches, params, { StartDate: (e) => e.startMs, EndDate: (e) => e.endMs ?? Infinity, Status: (e) => e.status }, 'Descending');
}

export function listTaskExecutions(ctx: OosContext, params: RpcParams): Page<TaskExecutionRecord> {
  const executions = params.ExecutionId ? [getExecution(ctx, params.ExecutionId)] : [...ctx.executions.values()];
  const includeChildren = parseBool(params, 'IncludeChildTaskExecution') || Boolean(params.ParentTaskExecutionId) || Boolean(params.TaskExecutionId);
  const startAfter = parseDate(params, 'StartDateAfter');
  const startBefore = parseDate(params, 'StartDateBefore');
  const endAfter = parseDate(params, 'EndDateAfter');
  const endBefore = parseDate(params, 'EndDateBefore');
  const matches = executions.flatMap((e) => e.tasks).filter(
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
  return sortAndPage(matches, params, { StartDate: (t) => t.startMs, EndDate: (t) => t.endMs ?? Infinity, Status: (t) => t.status }, 'Descending');
}
