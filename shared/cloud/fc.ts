// FcApi: InvokeFunction of FC 3.0 (API 2023-03-30, ACS3 signing) through the
// generic `@alicloud/openapi-client`, with the request `@alicloud/fc20230330`
// builds for it (same path, headers, ROA style and binary body), so its
// signing and wire handling are the SDK's. The generated FC client itself
// (half a megabyte of models for 100 operations, and a second base client) is
// not bundled: functions only ever invoke. `@alicloud/fc2` speaks the
// 2016-08-15 API, whose service/function paths cannot name the service-less
// functions FC 3.0 creates.
import * as OpenApiModule from '@alicloud/openapi-client';
import { RuntimeOptions } from '@alicloud/tea-util';
import { Readable } from 'node:stream';
import type { DeclaredOperation } from './actions';
import { defaultClass, sdkConfigFields } from './client';
import type { CloudConfig } from './config';
import type { FcApi, InvokeFunctionRequest, InvokeFunctionResponse } from './fc-api';
import { withRetry, type RetryDeps } from './retry';

const OpenApiClientClass = defaultClass(OpenApiModule.default);
type OpenApiClient = InstanceType<typeof OpenApiModule.default>;

const FC_API_VERSION = '2023-03-30';

/** `{accountId}.{region}.fc.aliyuncs.com`, the pattern FC endpoints use. */
export function fcPublicHost(config: CloudConfig): string {
  return `${config.accountId}.${config.regionId}.fc.aliyuncs.com`;
}

function stringHeaders(value: unknown): Record<string, string> {
  if (typeof value !== 'object' || value === null) return {};
  return Object.fromEntries(
    Object.entries(value as Record<string, unknown>).map(([k, v]) => [k.toLowerCase(), String(v)]),
  );
}

async function readAll(body: unknown): Promise<Buffer> {
  if (body === undefined || body === null) return Buffer.alloc(0);
  if (Buffer.isBuffer(body)) return body;
  if (typeof body === 'string') return Buffer.from(body);
  if (body instanceof Readable) {
    const chunks: Buffer[] = [];
    for await (const chunk of body) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk)));
    return Buffer.concat(chunks);
  }
  return Buffer.from(JSON.stringify(body));
}

export class FcClientAdapter implements FcApi {
  private readonly sdk: OpenApiClient;
  private readonly protocol: 'http' | 'https';

  constructor(
    private readonly config: CloudConfig,
    private readonly deps: RetryDeps,
  ) {
    const fields = sdkConfigFields(config, fcPublicHost(config));
    this.protocol = fields.protocol;
    this.sdk = new OpenApiClientClass(new OpenApiModule.Config(fields));
  }

  async invokeFunction(request: InvokeFunctionRequest): Promise<InvokeFunctionResponse> {
    const payload = typeof request.payload === 'string' ? Buffer.from(request.payload) : request.payload;
    const operation: DeclaredOperation = 'fc:InvokeFunction';
    return withRetry(operation, this.config.retry, this.deps, async () => {
      const headers: Record<string, string> = {
        ...(request.asyncTaskId === undefined ? {} : { 'x-fc-async-task-id': request.asyncTaskId }),
        ...(request.invocationType === undefined ? {} : { 'x-fc-invocation-type': request.invocationType }),
        ...(request.asyncDelaySeconds === undefined ? {} : { 'x-fc-async-delay': String(request.asyncDelaySeconds) }),
      };
      // A fresh stream per attempt: a retried request must send the payload again.
      const body = Readable.from([payload]);
      const res = await this.sdk.callApi(
        new OpenApiModule.Params({
          action: 'InvokeFunction',
          version: FC_API_VERSION,
          protocol: this.protocol.toUpperCase(),
          pathname: `/${FC_API_VERSION}/functions/${encodeURIComponent(request.functionName)}/invocations`,
          method: 'POST',
          authType: 'AK',
          style: 'ROA',
          reqBodyType: 'json',
          bodyType: 'binary',
        }),
        new OpenApiModule.OpenApiRequest({
          headers,
          query: request.qualifier === undefined ? {} : { qualifier: request.qualifier },
          body,
          stream: body,
        }),
        // The SDK's own retry stays off: withRetry is the only retry loop.
        new RuntimeOptions({
          autoretry: false,
          readTimeout: this.config.readTimeoutMs,
          connectTimeout: this.config.connectTimeoutMs,
        }),
      );
      const responseHeaders = stringHeaders(res['headers']);
      const out: InvokeFunctionResponse = {
        statusCode: Number(res['statusCode'] ?? 200),
        body: await readAll(res['body']),
      };
      const requestId = responseHeaders['x-fc-request-id'];
      if (requestId !== undefined) out.requestId = requestId;
      const functionError = responseHeaders['x-fc-error-type'];
      if (functionError !== undefined && functionError !== '') out.functionError = functionError;
      return out;
    });
  }
}
