// The one RPC caller behind ESS, ECS and OOS: `@alicloud/openapi-client`
// (the client every generated SDK is built on) signs with ACS3-HMAC-SHA256 by
// default; this file adds endpoint selection, retries and CloudError.
import * as OpenApiModule from '@alicloud/openapi-client';
import { RuntimeOptions } from '@alicloud/tea-util';
import { assertDeclared } from './actions';
import type { CloudConfig } from './config';
import { CloudError, type CloudOperation } from './errors';
import { withRetry, type RetryDeps } from './retry';
import type { WireParams } from './wire';

/**
 * The default export of a CommonJS SDK: under Node's ESM loader it arrives as
 * the whole `module.exports` (`{ default: Class }`), in an esbuild CJS bundle
 * as the class itself.
 */
export function defaultClass<T>(imported: T): T {
  if (typeof imported === 'function') return imported;
  const inner = (imported as { default?: unknown }).default;
  if (typeof inner === 'function') return inner as T;
  throw new Error('SDK module has no default class export');
}

const OpenApiClientClass = defaultClass(OpenApiModule.default);
type OpenApiClient = InstanceType<typeof OpenApiModule.default>;

/** An RPC product: its API version and public endpoint. */
export interface RpcProduct {
  /** Lower-case product code used in operation names and logs. */
  readonly code: string;
  readonly version: string;
  /** Public endpoint host for a region. */
  endpointHost(regionId: string): string;
}

export const ESS_PRODUCT: RpcProduct = {
  code: 'ess',
  version: '2022-02-22',
  endpointHost: (r) => `ess.${r}.aliyuncs.com`,
};
export const ECS_PRODUCT: RpcProduct = {
  code: 'ecs',
  version: '2014-05-26',
  endpointHost: (r) => `ecs.${r}.aliyuncs.com`,
};
export const OOS_PRODUCT: RpcProduct = {
  code: 'oos',
  version: '2019-06-01',
  endpointHost: (r) => `oos.${r}.aliyuncs.com`,
};

/** Host and scheme for a product: the override base URL when configured, else the public endpoint. */
export function resolveEndpoint(config: CloudConfig, publicHost: string): { host: string; protocol: 'http' | 'https' } {
  if (config.endpoint === undefined) return { host: publicHost, protocol: 'https' };
  const url = new URL(config.endpoint);
  return { host: url.host, protocol: url.protocol === 'http:' ? 'http' : 'https' };
}

/** The fields every Darabonba SDK config takes, for one product's endpoint. */
export function sdkConfigFields(config: CloudConfig, publicHost: string) {
  const { host, protocol } = resolveEndpoint(config, publicHost);
  return {
    accessKeyId: config.credentials.accessKeyId,
    accessKeySecret: config.credentials.accessKeySecret,
    securityToken: config.credentials.securityToken,
    regionId: config.regionId,
    endpoint: host,
    protocol,
    connectTimeout: config.connectTimeoutMs,
    readTimeout: config.readTimeoutMs,
  };
}

export interface RpcResult {
  body: Record<string, unknown>;
  requestId: string;
  status: number;
}

/** Calls one RPC product. Parsing the body is the product wrapper's job. */
export class RpcClient {
  private readonly sdk: OpenApiClient;
  private readonly protocol: 'http' | 'https';

  constructor(
    private readonly product: RpcProduct,
    private readonly config: CloudConfig,
    private readonly deps: RetryDeps,
  ) {
    const fields = sdkConfigFields(config, product.endpointHost(config.regionId));
    this.protocol = fields.protocol;
    this.sdk = new OpenApiClientClass(new OpenApiModule.Config(fields));
  }

  operation(action: string): CloudOperation {
    return `${this.product.code}:${action}`;
  }

  /** One action with retries; RegionId is added to every call. */
  async call(action: string, params: WireParams): Promise<RpcResult> {
    const operation = this.operation(action);
    assertDeclared(operation);
    const query: WireParams = { RegionId: this.config.regionId, ...params };
    return withRetry(operation, this.config.retry, this.deps, async () => {
      const response = await this.sdk.callApi(
        new OpenApiModule.Params({
          action,
          version: this.product.version,
          protocol: this.protocol.toUpperCase(),
          pathname: '/',
          method: 'POST',
          authType: 'AK',
          style: 'RPC',
          reqBodyType: 'formData',
          bodyType: 'json',
        }),
        new OpenApiModule.OpenApiRequest({ query }),
        // The SDK's own retry stays off: withRetry is the only retry loop.
        new RuntimeOptions({
          autoretry: false,
          readTimeout: this.config.readTimeoutMs,
          connectTimeout: this.config.connectTimeoutMs,
        }),
      );
      const body = response['body'] as unknown;
      const status = Number(response['statusCode'] ?? 200);
      if (typeof body !== 'object' || body === null || Array.isArray(body)) {
        throw new CloudError({
          code: 'InvalidResponse',
          message: `${operation} returned a body that is not a JSON object`,
          operation,
          retryable: false,
          status,
        });
      }
      const record = body as Record<string, unknown>;
      const requestId = typeof record['RequestId'] === 'string' ? record['RequestId'] : '';
      return { body: record, requestId, status };
    });
  }
}
