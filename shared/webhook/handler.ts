// The webhook: an FC HTTP trigger event in, a JSON answer out. Order of
// checks: size, signature (an unauthenticated caller learns nothing about
// groups, not even which routes exist), rate, route, replay, then the
// operation. Bad input is a 4xx `{code, message, field, hint}`; nothing here
// throws, and no answer carries a stack trace.
import { CloudError } from '../cloud/errors';
import type { ControllerDeps } from '../controller/deps';
import type { Logger } from '../log';
import {
  groupAction,
  OperationError,
  planAt,
  parseAt,
  rollout,
  status,
  events,
  freeze,
  unfreeze,
  type OperationErrorCode,
} from '../operations/index';
import { parseHttpEvent, type WebhookRequest } from './http-event';
import { DEFAULT_RATE_LIMIT, RateLimiter, ReplayGuard, type RateLimitSettings } from './limits';
import { isMutating, matchRoute, type Route } from './routes';
import { MAX_SKEW_SECONDS, SIGNATURE_HEADER, TIMESTAMP_HEADER, verifySignature } from './signature';

export const MAX_BODY_BYTES = 64 * 1024;

export interface HttpResult {
  statusCode: number;
  headers: Record<string, string>;
  body: string;
}

/** What the operations need; the function's composition root builds it per request. */
export type DepsFactory = () => Promise<ControllerDeps>;

export interface Operations {
  status: typeof status;
  planAt: typeof planAt;
  rollout: typeof rollout;
  groupAction: typeof groupAction;
  events: typeof events;
  freeze: typeof freeze;
  unfreeze: typeof unfreeze;
}

export const OPERATIONS: Operations = { status, planAt, rollout, groupAction, events, freeze, unfreeze };

export interface WebhookOptions {
  /** The current secret first, then the previous one during a rotation. Empty: every request is refused. */
  secrets: readonly string[];
  /** Unix seconds of the real clock: the client signs with its own, so the simulated clock would not do. */
  nowSeconds: () => number;
  log: Logger;
  operations?: Operations;
  rateLimit?: RateLimitSettings;
  maxBodyBytes?: number;
}

interface ErrorBody {
  code: string;
  message: string;
  field?: string;
  hint?: string;
}

function json(statusCode: number, body: unknown, headers: Record<string, string> = {}): HttpResult {
  return {
    statusCode,
    headers: { 'content-type': 'application/json; charset=utf-8', ...headers },
    body: JSON.stringify(body),
  };
}

function error(statusCode: number, body: ErrorBody, headers: Record<string, string> = {}): HttpResult {
  return json(statusCode, body, headers);
}

const STATUS_OF: Readonly<Record<OperationErrorCode, number>> = {
  'bad-request': 400,
  'not-found': 404,
  conflict: 409,
  unprocessable: 422,
};

const UNAUTHORIZED: Readonly<Record<string, ErrorBody>> = {
  missing: {
    code: 'unauthenticated',
    message: 'the request is not signed',
    field: 'X-Rollgate-Signature',
    hint: 'send X-Rollgate-Timestamp and X-Rollgate-Signature: v1=<hex HMAC-SHA256>; see docs/webhook.md',
  },
  malformed: {
    code: 'unauthenticated',
    message: 'the signature headers are malformed',
    field: 'X-Rollgate-Signature',
    hint: 'X-Rollgate-Timestamp: Unix seconds; X-Rollgate-Signature: v1= and 64 hex digits',
  },
  expired: {
    code: 'unauthenticated',
    message: `the timestamp is more than ${MAX_SKEW_SECONDS} s from the server's clock`,
    field: 'X-Rollgate-Timestamp',
    hint: 'sign with the current time (date +%s) and a synchronised clock',
  },
  mismatch: {
    code: 'unauthenticated',
    message: 'the signature does not match',
    field: 'X-Rollgate-Signature',
    hint: 'sign timestamp, METHOD, path with query and the raw body, each line ended by \\n but the body',
  },
};

function parseBody(request: WebhookRequest): unknown {
  if (request.body.length === 0) return {};
  const type = request.headers['content-type'] ?? 'application/json';
  if (!/^application\/(.+\+)?json\b/i.test(type)) {
    throw new OperationError(
      'bad-request',
      `content-type ${type} is not JSON`,
      'content-type',
      'send Content-Type: application/json',
    );
  }
  try {
    return JSON.parse(request.body.toString('utf8')) as unknown;
  } catch {
    throw new OperationError('bad-request', 'the body is not valid JSON', '(body)', 'send a JSON object');
  }
}

async function run(route: Route, request: WebhookRequest, deps: DepsFactory, ops: Operations): Promise<HttpResult> {
  switch (route.op) {
    case 'status':
      return json(200, await ops.status(await deps()));
    case 'group': {
      const report = await ops.status(await deps(), route.groupId);
      return json(200, { at: report.at, region: report.region, group: report.groups[0] });
    }
    case 'plan': {
      const at = parseAt(request.query['at']);
      return json(200, await ops.planAt(await deps(), at));
    }
    case 'events':
      return json(200, await ops.events(await deps(), request.query));
    case 'rollout': {
      const body = parseBody(request);
      return json(200, await ops.rollout(await deps(), body));
    }
    case 'action': {
      const body = parseBody(request);
      return json(200, await ops.groupAction(await deps(), route.action, route.groupId, body));
    }
    case 'freeze':
      return json(200, await ops.freeze(await deps(), parseBody(request)));
    case 'unfreeze':
      return json(200, await ops.unfreeze(await deps(), parseBody(request)));
  }
}

/** Refusals that are not about the input: the cloud failed or throttled (retry later), or something broke here. */
function failure(err: unknown, log: Logger): HttpResult {
  if (OperationError.is(err)) {
    return error(STATUS_OF[err.code], {
      code: err.code,
      message: err.message,
      ...(err.field === undefined ? {} : { field: err.field }),
      ...(err.hint === undefined ? {} : { hint: err.hint }),
    });
  }
  if (CloudError.is(err)) {
    log.warn({ err }, 'cloud call failed during a webhook request');
    const throttled = err.code.startsWith('Throttling');
    return error(
      throttled ? 429 : 503,
      {
        code: throttled ? 'throttled' : 'cloud-unavailable',
        message: `the cloud refused or failed a call (${err.code}, request ${err.requestId ?? '-'})`,
        hint: 'retry later',
      },
      { 'retry-after': '5' },
    );
  }
  log.error({ err }, 'webhook request failed');
  return error(500, {
    code: 'internal',
    message: 'the request could not be completed',
    hint: 'see the function log for this request',
  });
}

/** One per warm instance (the replay guard and the rate limit span its requests); `deps` is built per request. */
export type Webhook = (event: unknown, deps: DepsFactory) => Promise<HttpResult>;

export function createWebhook(options: WebhookOptions): Webhook {
  const secrets = options.secrets.filter((s) => s.length >= 16 && !s.startsWith('${'));
  const replays = new ReplayGuard(2 * MAX_SKEW_SECONDS + 1);
  const limiter = new RateLimiter(options.rateLimit ?? DEFAULT_RATE_LIMIT);
  const ops = options.operations ?? OPERATIONS;
  const maxBody = options.maxBodyBytes ?? MAX_BODY_BYTES;
  return async (event, deps) => {
    try {
      const request = parseHttpEvent(event);
      if (request === undefined)
        return error(400, {
          code: 'bad-request',
          message: 'not an HTTP trigger event',
          hint: 'call the webhook through its HTTP trigger',
        });
      if (secrets.length === 0)
        return error(503, {
          code: 'not-configured',
          message: 'the webhook has no secret configured',
          field: 'ROLLGATE_WEBHOOK_SECRET',
          hint: 'set ROLLGATE_WEBHOOK_SECRET (16 characters or more) on the function',
        });
      if (request.body.length > maxBody)
        return error(413, {
          code: 'too-large',
          message: `the body is ${request.body.length} bytes; at most ${maxBody} are accepted`,
          field: '(body)',
          hint: 'send a smaller request',
        });
      const nowS = options.nowSeconds();
      const auth = verifySignature(
        {
          method: request.method,
          pathWithQuery: request.pathWithQuery,
          body: request.body,
          timestamp: request.headers[TIMESTAMP_HEADER],
          signature: request.headers[SIGNATURE_HEADER],
        },
        secrets,
        nowS,
      );
      if (!auth.ok) {
        options.log.info(
          { why: auth.why, method: request.method, path: request.rawPath.slice(0, 200), sourceIp: request.sourceIp },
          'webhook request refused',
        );
        return error(401, UNAUTHORIZED[auth.why] as ErrorBody);
      }
      const wait = limiter.take(request.sourceIp, nowS);
      if (wait > 0)
        return error(
          429,
          { code: 'rate-limited', message: 'too many requests from this address', hint: `retry in ${wait} s` },
          { 'retry-after': String(wait) },
        );
      const match = matchRoute(request.method, request.rawPath);
      if (!match.ok) {
        return match.status === 404
          ? error(404, {
              code: 'no-route',
              message: `no route ${request.method} ${request.rawPath.slice(0, 200)}`,
              field: 'path',
              hint: 'routes are listed in docs/webhook.md',
            })
          : error(
              405,
              {
                code: 'method-not-allowed',
                message: `${request.method} is not allowed here`,
                field: 'method',
                hint: `use ${match.allowed ?? 'GET'}`,
              },
              { allow: match.allowed ?? 'GET' },
            );
      }
      // A replayed write has no second effect; a replayed read only reads again.
      if (isMutating(match.route) && !replays.admit(auth.digest, nowS)) {
        return error(409, {
          code: 'replayed',
          message: 'this signed request was already accepted',
          field: 'X-Rollgate-Signature',
          hint: 'sign every request anew (a new timestamp)',
        });
      }
      return await run(match.route, request, deps, ops);
    } catch (err) {
      return failure(err, options.log);
    }
  };
}
