// Official clients pointed at a local cloud, for fidelity tests: pop-core
// (RPC signature V2) and the generated ECS SDK (ACS3-HMAC-SHA256).
import PopCore from '@alicloud/pop-core';
import * as EcsModule from '@alicloud/ecs20140526';
import { $OpenApiUtil } from '@alicloud/openapi-core';
import type { RunningLocalCloud } from '../../../local/cloud/index';

export interface PopClient {
  request<T = Record<string, unknown>>(
    action: string,
    params?: Record<string, unknown>,
    opts?: Record<string, unknown>,
  ): Promise<T>;
}

type PopCtor = new (config: Record<string, unknown>) => PopClient;
type EcsCtor = new (config: $OpenApiUtil.Config) => EcsModule.default;

// The CommonJS packages arrive as a namespace whose default may be wrapped once more.
function unwrap<T>(mod: unknown): T {
  const first = (mod as { default?: unknown }).default ?? mod;
  return ((first as { default?: unknown }).default ?? first) as T;
}

export function popClient(
  cloud: Pick<RunningLocalCloud, 'url' | 'accessKeyId' | 'accessKeySecret'>,
  apiVersion: string,
  secret?: string,
  securityToken?: string,
): PopClient {
  const RPCClient = (PopCore as unknown as { RPCClient?: PopCtor }).RPCClient ?? unwrap<PopCtor>(PopCore);
  const client = new RPCClient({
    accessKeyId: cloud.accessKeyId,
    accessKeySecret: secret ?? cloud.accessKeySecret,
    endpoint: cloud.url,
    apiVersion,
    ...(securityToken ? { securityToken } : {}),
  });
  return {
    // pop-core parses with json-bigint into null-prototype objects; plain objects compare with deepEqual.
    request: async <T>(action: string, params?: Record<string, unknown>, opts?: Record<string, unknown>) =>
      JSON.parse(JSON.stringify(await client.request(action, params, opts))) as T,
  };
}

export function ecsClient(
  cloud: Pick<RunningLocalCloud, 'port' | 'accessKeyId' | 'accessKeySecret' | 'regionId'>,
  secret?: string,
  securityToken?: string,
): EcsModule.default {
  const Client = unwrap<EcsCtor>(EcsModule);
  return new Client(
    new $OpenApiUtil.Config({
      accessKeyId: cloud.accessKeyId,
      accessKeySecret: secret ?? cloud.accessKeySecret,
      endpoint: `127.0.0.1:${cloud.port}`,
      protocol: 'http',
      regionId: cloud.regionId,
      ...(securityToken ? { securityToken } : {}),
    }),
  );
}

/** The error fields pop-core puts on a failed call. */
export function popError(error: unknown): {
  code?: string;
  status?: number;
  message: string;
  data?: Record<string, unknown>;
} {
  const e = error as {
    code?: string;
    message?: string;
    data?: Record<string, unknown>;
    entry?: { response?: { statusCode?: number } };
  };
  const status = e.entry?.response?.statusCode;
  return {
    ...(e.code ? { code: e.code } : {}),
    ...(status !== undefined ? { status } : {}),
    message: e.message ?? String(error),
    ...(e.data ? { data: e.data } : {}),
  };
}
