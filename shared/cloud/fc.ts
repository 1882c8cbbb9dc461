// FcApi over `@alicloud/fc20230330` (FC 3.0, API 2023-03-30, ACS3 signing).
// `@alicloud/fc2` speaks the 2016-08-15 API, whose service/function paths
// cannot name the service-less functions FC 3.0 creates.
import { $OpenApiUtil } from '@alicloud/openapi-core';
import { RuntimeOptions } from '@darabonba/typescript';
import * as FcModule from '@alicloud/fc20230330';
import { Readable } from 'node:stream';
import { defaultClass, sdkConfigFields } from './client';
import type { CloudConfig } from './config';
import type { FcApi, InvokeFunctionRequest, InvokeFunctionResponse } from './fc-api';
import { withRetry, type RetryDeps } from './retry';

const FcClientClass = defaultClass(FcModule.default);
type FcSdkClient = InstanceType<typeof FcModule.default>;

/** `{accountId}.{region}.fc.aliyuncs.com`, the pattern FC endpoints use. */
export function fcPublicHost(config: CloudConfig): string {
  return `${config.accountId}.${config.regionId}.fc.aliyuncs.com`;
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
  private readonly sdk: FcSdkClient;

  constructor(
    private readonly config: CloudConfig,
    private readonly deps: RetryDeps,
  ) {
    this.sdk = new FcClientClass(new $OpenApiUtil.Config(sdkConfigFields(config, fcPublicHost(config))));
  }

  async invokeFunction(request: InvokeFunctionRequest): Promise<InvokeFunctionResponse> {
    const payload = typeof request.payload === 'string' ? Buffer.from(request.payload) : request.payload;
    return withRetry('fc:InvokeFunction', this.config.retry, this.deps, async () => {
      const headers = new FcModule.InvokeFunctionHeaders({
        // The SDK has no field for the delay; its common headers go on the request as they are.
        ...(request.asyncDelaySeconds === undefined ? {} : { commonHeaders: { 'x-fc-async-delay': String(request.asyncDelaySeconds) } }),
        ...(request.invocationType === undefined ? {} : { xFcInvocationType: request.invocationType }),
        ...(request.asyncTaskId === undefined ? {} : { xFcAsyncTaskId: request.asyncTaskId }),
      });
      // A fresh stream per attempt: a retried request must send the payload again.
      const body = Readable.from([payload]);
      const res = await this.sdk.invokeFunctionWithOptions(
        request.functionName,
        new FcModule.InvokeFunctionRequest({ body, ...(request.qualifier === undefined ? {} : { qualifier: request.qualifier }) }),
        headers,
        new RuntimeOptions({ autoretry: false, readTimeout: this.config.readTimeoutMs, connectTimeout: this.config.connectTimeoutMs }),
      );
      const responseHeaders = res.headers ?? {};
      const out: InvokeFunctionResponse = { statusCode: res.statusCode ?? 200, body: await readAll(res.body) };
      const requestId = responseHeaders['x-fc-request-id'];
      if (requestId !== undefined) out.requestId = requestId;
      const functionError = responseHeaders['x-fc-error-type'];
      if (functionError !== undefined && functionError !== '') out.functionError = functionError;
      return out;
    });
  }
}
