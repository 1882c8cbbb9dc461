// CloudMonitor 2019-01-01 metric queries, wire only: read the flat
// parameters, ask the model, and answer as the real API does — `Datapoints`
// is a JSON *string*, `Code` is the string "200", `Period` a string.
import type { RpcParams, RpcRequest } from '../core/contracts';
import { intParam, optionalParam, requiredParam } from '../core/params';
import { invalidDimensions, invalidNextToken, invalidTimeRange } from './errors';
import { cmsModelOf, type Datapoint, type MetricQuery } from './model';
import { parseCmsTime } from './time';

const DEFAULT_PERIOD_SECONDS = 60;
const DEFAULT_LENGTH = 1000;
/** Without StartTime, List looks back one hour and Last twenty minutes (the documented look-back of Last). */
const LIST_LOOKBACK_MS = 3600_000;
const LAST_LOOKBACK_MS = 20 * 60_000;

export function describeMetricList(req: RpcRequest): Record<string, unknown> {
  const query = readQuery(req, LIST_LOOKBACK_MS);
  const points = cmsModelOf(req.world).query(query);
  return page(points, req.params, query.periodSeconds);
}

export function describeMetricLast(req: RpcRequest): Record<string, unknown> {
  const query = readQuery(req, LAST_LOOKBACK_MS);
  const newestPerInstance = new Map<string, Datapoint>();
  for (const point of cmsModelOf(req.world).query(query)) {
    const seen = newestPerInstance.get(point.instanceId);
    if (!seen || seen.timestamp < point.timestamp) newestPerInstance.set(point.instanceId, point);
  }
  return page([...newestPerInstance.values()], req.params, query.periodSeconds);
}

function readQuery(req: RpcRequest, lookbackMs: number): MetricQuery {
  const { params } = req;
  const namespace = requiredParam(params, 'Namespace');
  const metricName = requiredParam(params, 'MetricName');
  const periodSeconds = intParam(params, 'Period', { min: 1 }) ?? DEFAULT_PERIOD_SECONDS;
  const endRaw = optionalParam(params, 'EndTime');
  const startRaw = optionalParam(params, 'StartTime');
  const endMs = endRaw === undefined ? req.world.clock.now() : parseCmsTime('EndTime', endRaw);
  const startMs = startRaw === undefined ? endMs - lookbackMs : parseCmsTime('StartTime', startRaw);
  if (startMs >= endMs) throw invalidTimeRange();
  return { namespace, metricName, instanceIds: readInstanceDimensions(params), periodSeconds, startMs, endMs };
}

/** `{"instanceId":"i-1"}` or `[{"instanceId":"i-1"},{"instanceId":"i-2"}]`; absent = all instances. */
function readInstanceDimensions(params: RpcParams): string[] | undefined {
  const raw = optionalParam(params, 'Dimensions');
  if (raw === undefined) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    throw invalidDimensions('It must be a JSON object or a JSON array of objects.');
  }
  const entries = Array.isArray(parsed) ? parsed : [parsed];
  const ids: string[] = [];
  for (const entry of entries) {
    if (typeof entry !== 'object' || entry === null || Array.isArray(entry)) {
      throw invalidDimensions('Each dimension must be a JSON object such as {"instanceId":"i-xxx"}.');
    }
    const id = (entry as Record<string, unknown>)['instanceId'];
    if (typeof id !== 'string' || id === '') throw invalidDimensions('Each dimension must name an instanceId.');
    ids.push(id);
  }
  return ids;
}

function page(points: Datapoint[], params: RpcParams, periodSeconds: number): Record<string, unknown> {
  const length = intParam(params, 'Length', { min: 1 }) ?? DEFAULT_LENGTH;
  const offset = readNextToken(optionalParam(params, 'NextToken'));
  const slice = points.slice(offset, offset + length);
  const next = offset + length < points.length ? encodeNextToken(offset + length) : undefined;
  return {
    Code: '200',
    Success: true,
    Period: String(periodSeconds),
    Datapoints: JSON.stringify(slice),
    ...(next === undefined ? {} : { NextToken: next }),
  };
}

function encodeNextToken(offset: number): string {
  return Buffer.from(`cms-offset:${offset}`).toString('hex');
}

function readNextToken(token: string | undefined): number {
  if (token === undefined) return 0;
  const match = /^cms-offset:(\d+)$/.exec(Buffer.from(token, 'hex').toString('utf8'));
  if (!match) throw invalidNextToken();
  return Number(match[1]);
}
