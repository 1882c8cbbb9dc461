// Admin API of the local CloudMonitor (no signature, like the rest of /_local):
//   GET  /_local/cms/overrides[?accountId=&regionId=]  → {overrides}
//   POST /_local/cms/overrides  {instanceId, metricName, namespace?, value: number|null, accountId?, regionId?}
// A fixed value replaces the simulated one for that instance and metric
// (null clears it): e.g. an error rate that rises although the image is healthy.
import * as z from 'zod';
import type { LocalCloudContext, RawHttpResponse, RestProduct } from '../core/contracts';
import { cmsModelOf } from './model';

const OverrideBody = z.strictObject({
  instanceId: z.string().min(1),
  metricName: z.string().min(1),
  namespace: z.string().min(1).optional(),
  value: z.number().nullable(),
  accountId: z.string().min(1).optional(),
  regionId: z.string().min(1).optional(),
});

const PATH = '/_local/cms/overrides';

function json(status: number, body: unknown): RawHttpResponse {
  return { status, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) };
}

export const cmsAdminProduct: RestProduct = {
  name: 'cms-admin',
  matches: (req) => req.path.replace(/\/+$/, '') === PATH,
  async handle(req, ctx: LocalCloudContext) {
    if (req.method === 'GET') {
      const world = ctx.world(
        req.query.get('accountId') ?? ctx.defaultAccountId,
        req.query.get('regionId') ?? ctx.defaultRegionId,
      );
      return json(200, { overrides: cmsModelOf(world).listOverrides() });
    }
    if (req.method !== 'POST') return json(405, { error: `${req.method} ${PATH} is not supported` });
    let raw: unknown;
    try {
      raw = JSON.parse(req.body.toString('utf8') || '{}');
    } catch {
      return json(400, { error: 'body is not JSON' });
    }
    const parsed = OverrideBody.safeParse(raw);
    if (!parsed.success)
      return json(400, {
        error: parsed.error.issues.map((i) => `${i.path.join('.') || 'body'}: ${i.message}`).join('; '),
      });
    const { instanceId, metricName, namespace, value, accountId, regionId } = parsed.data;
    const model = cmsModelOf(ctx.world(accountId ?? ctx.defaultAccountId, regionId ?? ctx.defaultRegionId));
    if (value === null) model.clearOverride(instanceId, metricName, namespace);
    else model.setOverride({ instanceId, metricName, value, ...(namespace === undefined ? {} : { namespace }) });
    return json(200, { overrides: model.listOverrides() });
  },
};
