// Admin view of OOS executions (`GET /_local/oos/executions[/{id}]`, JSON, no
// signature): what the console's execution pages show, plus each child's
// instance as it is now (image, lifecycle state, scripts run, packages).
import { ApiError, type RawHttpRequest, type RawHttpResponse, type RestProduct } from '../core/contracts';
import { localOos } from './model';

const PREFIX = '/_local/oos/executions';

function json(status: number, body: unknown): RawHttpResponse {
  return { status, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body, null, 2) };
}

export const oosAdminProduct: RestProduct = {
  name: 'oos-admin',
  matches: (req: RawHttpRequest) => req.path === PREFIX || req.path.startsWith(`${PREFIX}/`),
  async handle(req, ctx) {
    if (req.method !== 'GET') return json(405, { error: 'Only GET is supported here.' });
    const world = ctx.world(
      req.query.get('accountId') ?? ctx.defaultAccountId,
      req.query.get('regionId') ?? ctx.defaultRegionId,
    );
    const oos = localOos(world);
    const id = decodeURIComponent(req.path.slice(PREFIX.length + 1));
    try {
      if (id === '') {
        const params = Object.fromEntries(
          [...req.query.entries()].filter(([k]) => k !== 'accountId' && k !== 'regionId'),
        );
        const page = oos.listExecutions({ MaxResults: '100', ...params });
        return json(200, {
          Executions: page.items.map((e) => oos.executionToWire(e, 'object')),
          NextToken: page.nextToken,
        });
      }
      return json(200, oos.describe(id));
    } catch (error) {
      if (error instanceof ApiError) return json(error.httpStatus, { Code: error.code, Message: error.message });
      throw error;
    }
  },
};
