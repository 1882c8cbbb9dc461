// The admin API (`/_local/…`): JSON, no signature. Drives the clock, seeds
// fleets, creates images, injects faults and shows state. Documented in
// docs/local-cloud.md. Bodies are parsed with zod; errors are JSON.
import * as z from 'zod';
import { ApiError, type RawHttpRequest, type RawHttpResponse, type RestProduct } from '../core/contracts';
import type { LocalCloud } from '../core/cloud';
import type { LocalRegionWorld } from '../core/world';
import { seedDemo } from '../seed/demo';
import { FleetSpecSchema, seedFleet } from '../seed/fleet';
import { cloudState, clockState, instanceState } from './state';

const AdvanceSchema = z.object({
  seconds: z
    .number()
    .nonnegative()
    .max(30 * 24 * 3600),
});
const SleepSchema = z.object({ untilMs: z.number().int().nonnegative() });
const WakeSchema = z.object({ id: z.number().int().positive() });

const ImageSchema = z.object({
  name: z.string().min(1),
  family: z.string().min(1).optional(),
  version: z.string().optional(),
  description: z.string().optional(),
  tags: z.record(z.string(), z.string()).default({}),
  unhealthy: z.boolean().default(false),
  available: z.boolean().default(false),
  buildSeconds: z.number().positive().optional(),
});

const FaultsSchema = z.object({
  rules: z
    .array(
      z.object({
        product: z.string().optional(),
        action: z.string().optional(),
        throttleShare: z.number().min(0).max(1).optional(),
        serverErrorShare: z.number().min(0).max(1).optional(),
        serverErrorCode: z.enum(['ServiceUnavailable', 'InternalError']).optional(),
        latencyMs: z.number().int().min(0).max(60_000).optional(),
      }),
    )
    .optional(),
  instanceUpdateFailures: z
    .array(z.object({ instanceId: z.string(), times: z.number().int().positive().optional() }))
    .optional(),
  unhealthyImages: z.array(z.string()).optional(),
  scalingActivityFailures: z
    .array(
      z.object({
        scalingGroupId: z.string(),
        kind: z.enum(['ScaleOut', 'ScaleIn']).optional(),
        times: z.number().int().positive().optional(),
        partial: z.boolean().optional(),
      }),
    )
    .optional(),
});

const StsSchema = z.object({ durationSeconds: z.number().int().min(900).max(43_200).default(3600) });

const ImageEventsSchema = z.object({ topic: z.string().min(1).nullable() });

const SeedSchema = z.union([
  z.literal('demo'),
  z.object({ fleet: z.literal('demo') }),
  z.object({ fleet: FleetSpecSchema }),
  FleetSpecSchema,
]);

class AdminError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
    this.name = 'AdminError';
  }
}

type AdminHandler = (req: RawHttpRequest, cloud: LocalCloud, match: RegExpExecArray) => unknown;

function parseBody<T>(req: RawHttpRequest, schema: z.ZodType<T>): T {
  let json: unknown = {};
  const text = req.body.toString('utf8').trim();
  if (text !== '') {
    try {
      json = JSON.parse(text);
    } catch {
      throw new AdminError(400, 'the request body is not JSON');
    }
  }
  const result = schema.safeParse(json);
  if (!result.success) {
    throw new AdminError(
      400,
      result.error.issues.map((i) => `${i.path.join('.') || '(body)'}: ${i.message}`).join('; '),
    );
  }
  return result.data;
}

/** `?regionId=` / `?accountId=` pick a world; default the cloud's own. */
function worldOf(req: RawHttpRequest, cloud: LocalCloud): LocalRegionWorld {
  return cloud.world(
    req.query.get('accountId') ?? cloud.defaultAccountId,
    req.query.get('regionId') ?? cloud.defaultRegionId,
  );
}

const routes: ReadonlyArray<{ method: string; path: RegExp; handler: AdminHandler }> = [
  { method: 'GET', path: /^\/_local\/state$/, handler: (_req, cloud) => cloudState(cloud) },
  { method: 'GET', path: /^\/_local\/clock$/, handler: (_req, cloud) => clockState(cloud) },
  {
    method: 'POST',
    path: /^\/_local\/clock\/advance$/,
    handler: (req, cloud) => {
      const { seconds } = parseBody(req, AdvanceSchema);
      cloud.clock.advance(seconds);
      return clockState(cloud);
    },
  },
  {
    // A function invocation waits for simulated time (the gate between polls): the settled clock may move on without it.
    method: 'POST',
    path: /^\/_local\/clock\/sleep$/,
    handler: (req, cloud) => ({ id: cloud.activity.sleep(parseBody(req, SleepSchema).untilMs), ...clockState(cloud) }),
  },
  {
    method: 'POST',
    path: /^\/_local\/clock\/wake$/,
    handler: (req, cloud) => {
      cloud.activity.wake(parseBody(req, WakeSchema).id);
      return clockState(cloud);
    },
  },
  {
    method: 'POST',
    path: /^\/_local\/reset$/,
    handler: (_req, cloud) => {
      cloud.reset();
      return { reset: true, clock: clockState(cloud) };
    },
  },
  {
    method: 'POST',
    path: /^\/_local\/seed$/,
    handler: (req, cloud) => {
      const body = parseBody(req, SeedSchema);
      const world = worldOf(req, cloud);
      try {
        if (body === 'demo' || ('fleet' in body && body.fleet === 'demo')) return seedDemo(world);
        return seedFleet(
          world,
          'fleet' in body && typeof body.fleet === 'object' ? body.fleet : (body as z.input<typeof FleetSpecSchema>),
        );
      } catch (error) {
        // A fleet that contradicts itself or the world (unknown family, duplicate name) is the caller's mistake.
        if (error instanceof ApiError) throw new AdminError(400, `${error.code}: ${error.message}`);
        if (error instanceof Error) throw new AdminError(400, error.message);
        throw error;
      }
    },
  },
  {
    method: 'POST',
    path: /^\/_local\/images$/,
    handler: (req, cloud) => {
      const body = parseBody(req, ImageSchema);
      const world = worldOf(req, cloud);
      const image = world.ecs.images.create({
        imageName: body.name,
        ...(body.family ? { imageFamily: body.family } : {}),
        ...(body.version ? { imageVersion: body.version } : {}),
        ...(body.description ? { description: body.description } : {}),
        tags: body.tags,
        available: body.available,
        bootsUnhealthy: body.unhealthy,
        ...(body.buildSeconds ? { buildSeconds: body.buildSeconds } : {}),
      });
      return { imageId: image.imageId, status: image.status, name: image.imageName, family: image.imageFamily ?? null };
    },
  },
  {
    method: 'POST',
    path: /^\/_local\/sts$/,
    handler: (req, cloud) => cloud.mintStsCredentials(parseBody(req, StsSchema).durationSeconds),
  },
  {
    method: 'GET',
    path: /^\/_local\/image-events$/,
    handler: (req, cloud) => {
      const forwarder = worldOf(req, cloud).ecs.imageEvents;
      return { topic: forwarder.target() ?? null, forwarded: forwarder.log.slice(-50) };
    },
  },
  {
    method: 'POST',
    path: /^\/_local\/image-events$/,
    handler: (req, cloud) => {
      const { topic } = parseBody(req, ImageEventsSchema);
      const forwarder = worldOf(req, cloud).ecs.imageEvents;
      forwarder.forwardTo(topic ?? undefined);
      return { topic: forwarder.target() ?? null };
    },
  },
  {
    method: 'POST',
    path: /^\/_local\/faults$/,
    handler: (req, cloud) => {
      const world = worldOf(req, cloud);
      world.faults.configure(parseBody(req, FaultsSchema));
      return world.faults.snapshot();
    },
  },
  {
    method: 'DELETE',
    path: /^\/_local\/faults$/,
    handler: (req, cloud) => {
      const world = worldOf(req, cloud);
      world.faults.clear();
      return world.faults.snapshot();
    },
  },
  { method: 'GET', path: /^\/_local\/requests$/, handler: (_req, cloud) => cloud.requests.snapshot() },
  {
    method: 'DELETE',
    path: /^\/_local\/requests$/,
    handler: (_req, cloud) => {
      cloud.requests.reset();
      return cloud.requests.snapshot();
    },
  },
  {
    method: 'GET',
    path: /^\/_local\/instances\/([^/]+)$/,
    handler: (req, cloud, match) => {
      const id = decodeURIComponent(match[1] ?? '');
      const state = instanceState(worldOf(req, cloud), id);
      if (!state) throw new AdminError(404, `instance ${id} does not exist`);
      return state;
    },
  },
];

function json(status: number, body: unknown): RawHttpResponse {
  return { status, headers: { 'content-type': 'application/json;charset=utf-8' }, body: JSON.stringify(body) };
}

export function createAdminProduct(cloud: LocalCloud): RestProduct {
  return {
    name: 'admin',
    matches: (req) => routes.some((r) => r.path.test(req.path)),
    handle: async (req) => {
      const route = routes.find((r) => r.method === req.method && r.path.test(req.path));
      if (!route) return json(405, { error: `${req.method} is not supported on ${req.path}` });
      try {
        return json(200, route.handler(req, cloud, route.path.exec(req.path) as RegExpExecArray));
      } catch (error) {
        if (error instanceof AdminError) return json(error.status, { error: error.message });
        if (error instanceof ApiError) return json(error.httpStatus, { error: `${error.code}: ${error.message}` });
        if (error instanceof RangeError) return json(400, { error: error.message });
        throw error;
      }
    },
  };
}
