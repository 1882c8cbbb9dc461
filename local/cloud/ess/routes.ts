// ESS as data: both API versions route every action to the same model, each
// with its own wire shapes (2014-08-28 wraps lists, 2022-02-22 does not).
import type { RpcHandler, RpcRoutes } from '../core/contracts';
import type { RpcProduct } from '../core/rpc';
import { essHandlers } from './handlers';
import type { EssVersion } from './views';

export const ESS_API_VERSIONS: readonly EssVersion[] = ['2014-08-28', '2022-02-22'];

function routesFor(version: EssVersion): Record<string, RpcHandler> {
  return Object.fromEntries(Object.entries(essHandlers).map(([action, handler]) => [action, handler(version)]));
}

export const essRoutes: RpcRoutes = Object.fromEntries(ESS_API_VERSIONS.map((v) => [v, routesFor(v)]));

export const essProduct: RpcProduct = { name: 'ess', routes: essRoutes };
