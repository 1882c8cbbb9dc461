import { ZodError } from 'zod';
import {
  ApiError,
  type LocalCloudContext,
  type RawHttpRequest,
  type RawHttpResponse,
  type RestProduct,
} from '../core/contracts';
import { localMns } from './routes';

// Admin API of the local MNS under `/_local/mns/…` (JSON): published history,
// subscriptions, delivery faults, and the key that verifies HTTP pushes.
// `?accountId=&regionId=` pick a world; the cloud's defaults otherwise.

const json = (status: number, value: unknown): RawHttpResponse => ({
  status,
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify(value, null, 2),
});

function parseJsonBody(req: RawHttpRequest): unknown {
  const text = req.body.toString('utf8').trim();
  return text === '' ? {} : (JSON.parse(text) as unknown);
}

type AdminRoute = {
  method: string;
  path: RegExp;
  run: (mns: ReturnType<typeof localMns>, req: RawHttpRequest, groups: Record<string, string>) => RawHttpResponse;
};

const ROUTES: readonly AdminRoute[] = [
  {
    method: 'GET',
    path: /^\/_local\/mns\/topics$/,
    run: (mns) =>
      json(
        200,
        mns.topics.names().map((name) => {
          const topic = mns.topics.get(name);
          return {
            name,
            published: topic.published.length,
            subscriptions: [...topic.subscriptions.values()].map((s) => ({
              name: s.name,
              endpoint: s.endpoint,
              filterTag: s.filterTag,
              notifyStrategy: s.notifyStrategy,
              notifyContentFormat: s.notifyContentFormat,
            })),
          };
        }),
      ),
  },
  {
    method: 'GET',
    path: /^\/_local\/mns\/topics\/(?<topic>[^/]+)\/messages$/,
    run: (mns, _req, g) => json(200, mns.history(decodeURIComponent(g['topic'] ?? ''))),
  },
  {
    method: 'GET',
    path: /^\/_local\/mns\/queues\/(?<queue>[^/]+)\/messages$/,
    run: (mns, _req, g) => json(200, mns.queues.get(decodeURIComponent(g['queue'] ?? '')).messages),
  },
  { method: 'GET', path: /^\/_local\/mns\/faults$/, run: (mns) => json(200, mns.faults.view()) },
  {
    method: 'PUT',
    path: /^\/_local\/mns\/faults$/,
    run: (mns, req) => json(200, { config: mns.faults.set(parseJsonBody(req)) }),
  },
  {
    method: 'DELETE',
    path: /^\/_local\/mns\/faults$/,
    run: (mns) => {
      mns.faults.clear();
      return { status: 204 };
    },
  },
  {
    method: 'GET',
    path: /^\/_local\/mns\/signing-cert$/,
    run: (mns) => ({
      status: 200,
      headers: { 'content-type': 'application/x-pem-file' },
      body: mns.pushPublicKeyPem(),
    }),
  },
];

export const mnsAdminProduct: RestProduct = {
  name: 'mns-admin',
  matches: (req) => req.path.startsWith('/_local/mns/'),
  async handle(req: RawHttpRequest, ctx: LocalCloudContext): Promise<RawHttpResponse> {
    const route = ROUTES.find((r) => r.method === req.method && r.path.test(req.path));
    if (!route) return json(404, { code: 'NotFound', message: `${req.method} ${req.path} is not an MNS admin route` });
    const world = ctx.world(
      req.query.get('accountId') ?? ctx.defaultAccountId,
      req.query.get('regionId') ?? ctx.defaultRegionId,
    );
    try {
      return route.run(localMns(world.mns), req, route.path.exec(req.path)?.groups ?? {});
    } catch (error) {
      if (error instanceof ApiError) return json(error.httpStatus, { code: error.code, message: error.message });
      if (error instanceof ZodError || error instanceof SyntaxError)
        return json(400, { code: 'InvalidArgument', message: error.message });
      throw error;
    }
  },
};
