// RPC dispatch: Version picks the product, Action the handler; signature,
// faults and region are settled here so handlers only see their parameters.
import { ApiError, type RawHttpRequest, type RawHttpResponse, type RpcRoutes } from './contracts';
import { parseQueryPairs } from './auth/encode';
import { verifyRpcRequest } from './auth/verify';
import type { LocalCloud } from './cloud';
import { internalError, invalidAction, invalidVersion, missingParameter, rpcErrorBody } from './errors';

export interface RpcProduct {
  /** Lower-case product code (`ecs`, `ess`, `oos`): fault rules and HostId use it. */
  readonly name: string;
  readonly routes: RpcRoutes;
}

export async function handleRpc(
  raw: RawHttpRequest,
  cloud: LocalCloud,
  products: readonly RpcProduct[],
): Promise<RawHttpResponse> {
  const requestId = cloud.nextRequestId();
  let hostId = `${cloud.defaultRegionId}.local`;
  try {
    const queryPairs = parseQueryPairs(raw.rawQuery);
    const bodyPairs = isForm(raw) ? parseQueryPairs(raw.body.toString('utf8')) : [];
    const params: Record<string, string> = Object.fromEntries([...queryPairs, ...bodyPairs]);

    const version = params['Version'] ?? raw.headers['x-acs-version'];
    const action = params['Action'] ?? raw.headers['x-acs-action'];
    if (!version) throw missingParameter('Version');
    if (!action) throw missingParameter('Action');
    const product = products.find((p) => p.routes[version] !== undefined);
    if (!product) throw invalidVersion(version);
    cloud.requests.count(product.name, action);

    const regionId = params['RegionId'] || cloud.defaultRegionId;
    hostId = `${product.name}.${regionId}.aliyuncs.com`;

    let accountId = cloud.defaultAccountId;
    if (cloud.verifySignatures) {
      const { accessKeyId } = verifyRpcRequest(
        { method: raw.method, path: raw.path, query: queryPairs, headers: raw.headers, body: raw.body, params },
        {
          secretFor: (id) => cloud.secretFor(id),
          securityTokenFor: (id) => cloud.securityTokenFor(id),
          nonces: cloud.nonces,
          realNow: Date.now,
        },
      );
      accountId = cloud.accountFor(accessKeyId);
    }

    const world = cloud.world(accountId, regionId);
    const decision = world.faults.decide(product.name, action);
    if (decision.latencyMs > 0) await new Promise((resolve) => setTimeout(resolve, decision.latencyMs));
    if (decision.error) throw decision.error;

    const handler = product.routes[version]?.[action];
    if (!handler) throw invalidAction(action, version);
    const body = handler({ action, version, params, world, requestId });
    return json(200, { RequestId: requestId, ...body }, requestId);
  } catch (error) {
    const apiError =
      error instanceof ApiError ? error : internalError(error instanceof Error ? error.message : String(error));
    if (!(error instanceof ApiError)) console.error('local cloud: unexpected error in RPC handler:', error);
    cloud.activity.noteRefusal(apiError.code, apiError.message);
    return json(apiError.httpStatus, rpcErrorBody(apiError, requestId, hostId), requestId);
  }
}

function isForm(raw: RawHttpRequest): boolean {
  return (raw.headers['content-type'] ?? '').toLowerCase().startsWith('application/x-www-form-urlencoded');
}

function json(status: number, body: unknown, requestId: string): RawHttpResponse {
  return {
    status,
    headers: { 'content-type': 'application/json;charset=utf-8', 'x-acs-request-id': requestId },
    body: JSON.stringify(body),
  };
}
