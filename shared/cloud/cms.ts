// CloudMonitor (2019-01-01) metric reads for the health check, named like the
// generated `@alicloud/cms20190101` client. CloudMonitor answers `Datapoints`
// as a JSON *string* and may report failure in the body (`Success: false`,
// `Code` other than "200") with HTTP 200; both are handled here.
import * as z from 'zod';
import type { CloudConfig } from './config';
import { RpcClient, type RpcProduct } from './client';
import { CloudError } from './errors';
import { collect, pagesByToken } from './paging';
import { realRetryDeps, type RetryDeps } from './retry';
import { optionalString, wireNumber, type WireParams } from './wire';

export const CMS_PRODUCT: RpcProduct = {
  code: 'cms',
  version: '2019-01-01',
  endpointHost: (r) => `metrics.${r}.aliyuncs.com`,
};

/** One aggregated value of one period; which statistics are present depends on the metric. */
export interface MetricDatapoint {
  /** Epoch ms of the period. */
  timestamp: number;
  instanceId?: string;
  userId?: string;
  Average?: number;
  Minimum?: number;
  Maximum?: number;
  Sum?: number;
  Value?: number;
  [field: string]: unknown;
}

export interface DescribeMetricRequest {
  namespace: string;
  metricName: string;
  /** Sent as the JSON string CloudMonitor expects: `[{"instanceId":"i-…"}, …]`. */
  dimensions?: Array<Record<string, string>>;
  /** Seconds. */
  period?: number;
  /** Epoch ms; sent as a Unix timestamp in milliseconds (no time-zone ambiguity). */
  startTime?: number;
  endTime?: number;
  length?: number;
  nextToken?: string;
}

export interface DescribeMetricResponse {
  requestId: string;
  period?: string;
  datapoints: MetricDatapoint[];
  nextToken?: string;
}

export interface CmsApi {
  describeMetricList(request: DescribeMetricRequest): Promise<DescribeMetricResponse>;
  /** Every page of DescribeMetricList (follows NextToken). */
  listAllMetricData(request: Omit<DescribeMetricRequest, 'nextToken'>): Promise<MetricDatapoint[]>;
  describeMetricLast(request: DescribeMetricRequest): Promise<DescribeMetricResponse>;
}

const DatapointSchema = z.looseObject({ timestamp: wireNumber }).transform((p) => p as MetricDatapoint);

const MetricResponseSchema = z.looseObject({
  RequestId: z.string().optional().default(''),
  Code: z.union([z.string(), z.number()]).optional(),
  Success: z.union([z.boolean(), z.string()]).optional(),
  Message: optionalString,
  Period: z.union([z.string(), z.number()]).optional(),
  NextToken: optionalString,
  Datapoints: z.union([z.string(), z.array(z.unknown()), z.null()]).optional(),
});

function toWire(request: DescribeMetricRequest): WireParams {
  const params: WireParams = { Namespace: request.namespace, MetricName: request.metricName };
  if (request.dimensions !== undefined) params['Dimensions'] = JSON.stringify(request.dimensions);
  if (request.period !== undefined) params['Period'] = String(request.period);
  if (request.startTime !== undefined) params['StartTime'] = String(request.startTime);
  if (request.endTime !== undefined) params['EndTime'] = String(request.endTime);
  if (request.length !== undefined) params['Length'] = String(request.length);
  if (request.nextToken !== undefined) params['NextToken'] = request.nextToken;
  return params;
}

/** Reads a metric response body; throws CloudError when the body says the call failed. */
export function parseMetricResponse(operation: `cms:${string}`, body: unknown): DescribeMetricResponse {
  const parsed = MetricResponseSchema.safeParse(body);
  if (!parsed.success) {
    throw new CloudError({
      code: 'InvalidResponse',
      message: `${operation}: ${parsed.error.message}`,
      operation,
      retryable: false,
    });
  }
  const r = parsed.data;
  const failed = r.Success === false || r.Success === 'false' || (r.Code !== undefined && String(r.Code) !== '200');
  if (failed) {
    const code = r.Code === undefined ? 'Unknown' : String(r.Code);
    throw new CloudError({
      code,
      message: `${operation} failed: ${r.Message ?? code}`,
      operation,
      retryable: code.startsWith('Throttling') || /^5\d\d$/.test(code),
      requestId: r.RequestId,
    });
  }
  const raw = typeof r.Datapoints === 'string' ? parseJsonList(operation, r.Datapoints) : (r.Datapoints ?? []);
  const datapoints = z.array(DatapointSchema).safeParse(raw);
  if (!datapoints.success) {
    throw new CloudError({
      code: 'InvalidResponse',
      message: `${operation}: Datapoints ${datapoints.error.message}`,
      operation,
      retryable: false,
    });
  }
  return {
    requestId: r.RequestId,
    ...(r.Period === undefined ? {} : { period: String(r.Period) }),
    datapoints: datapoints.data,
    ...(r.NextToken === undefined ? {} : { nextToken: r.NextToken }),
  };
}

function parseJsonList(operation: `cms:${string}`, text: string): unknown[] {
  if (text.trim() === '') return [];
  try {
    const value: unknown = JSON.parse(text);
    if (Array.isArray(value)) return value;
  } catch {
    // reported below
  }
  throw new CloudError({
    code: 'InvalidResponse',
    message: `${operation}: Datapoints is not a JSON list`,
    operation,
    retryable: false,
  });
}

export function createCmsApi(config: CloudConfig, deps: RetryDeps = realRetryDeps): CmsApi {
  const rpc = new RpcClient(CMS_PRODUCT, config, deps);
  const describe = async (action: 'DescribeMetricList' | 'DescribeMetricLast', request: DescribeMetricRequest) => {
    const { body } = await rpc.call(action, toWire(request));
    return parseMetricResponse(`cms:${action}`, body);
  };
  return {
    describeMetricList: (request) => describe('DescribeMetricList', request),
    describeMetricLast: (request) => describe('DescribeMetricLast', request),
    listAllMetricData: (request) =>
      collect(
        pagesByToken(async (nextToken) => {
          const page = await describe(
            'DescribeMetricList',
            nextToken === undefined ? request : { ...request, nextToken },
          );
          return { items: page.datapoints, nextToken: page.nextToken };
        }),
      ),
  };
}
