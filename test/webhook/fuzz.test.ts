// Fuzz of the webhook handler, in process: random and malformed events,
// methods, paths, headers and bodies, about half of them correctly signed so
// they reach routing and input parsing. The operations are stand-ins that
// parse their input with the real schemas (what bad input meets) and touch no
// cloud. No answer may be a 5xx, and the handler may never throw.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ControllerDeps } from '../../shared/controller/deps';
import { createLogger } from '../../shared/log';
import {
  EventsQuerySchema,
  FreezeRequestSchema,
  GroupActionRequestSchema,
  parseRequest,
  RolloutRequestSchema,
} from '../../shared/operations/requests';
import { createWebhook, type Operations } from '../../shared/webhook/handler';
import { signedHeaders } from '../../shared/webhook/signature';
import { queryString } from '../../shared/webhook/http-event';
import { seededRandom } from '../../local/cloud/core/seeded-random';

const SECRET = 'fuzz-secret-0123456789abcdef';
const CASES = 12_000;

const stubs: Operations = {
  status: async () => ({ at: '', region: '', groups: [] }),
  planAt: async () => ({ at: '', groups: [] }),
  rollout: async (_deps, input) => {
    parseRequest(RolloutRequestSchema, input);
    return { result: 'unchanged', kind: 'image', revision: '', reason: '', groups: [] };
  },
  groupAction: async (_deps, action, groupId, input) => {
    parseRequest(GroupActionRequestSchema, input ?? {});
    return { action, groupId, name: groupId, result: 'unchanged', detail: '' };
  },
  events: async (_deps, query) => {
    parseRequest(EventsQuerySchema, query ?? {});
    return { at: '', events: [] };
  },
  freeze: async (_deps, input) => {
    parseRequest(FreezeRequestSchema, input);
    return { frozen: true, result: 'unchanged' };
  },
  unfreeze: async (_deps, input) => {
    parseRequest(FreezeRequestSchema.partial(), input ?? {});
    return { frozen: false, result: 'unchanged' };
  },
};

function generator(seed: number) {
  const r = seededRandom(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)] as T;
  const junk = (n: number): string =>
    Array.from({ length: Math.floor(r() * n) }, () => String.fromCharCode(Math.floor(r() * 0xffff))).join('');
  const json = (depth = 0): unknown => {
    const kind = Math.floor(r() * (depth > 2 ? 5 : 7));
    if (kind === 0) return null;
    if (kind === 1) return r() * 1e6 - 5e5;
    if (kind === 2) return junk(20);
    if (kind === 3) return r() > 0.5;
    if (kind === 4)
      return pick(['image', 'script', 'package', 'm-123', 'asg-1', '', 'web-canary', '2026-12-05T22:00:00Z']);
    if (kind === 5) return Array.from({ length: Math.floor(r() * 4) }, () => json(depth + 1));
    const keys = [
      'groups',
      'selector',
      'kind',
      'revision',
      'reason',
      'tags',
      'ids',
      'names',
      '__proto__',
      'constructor',
      junk(6),
    ];
    return Object.fromEntries(Array.from({ length: Math.floor(r() * 5) }, () => [pick(keys), json(depth + 1)]));
  };
  const paths = [
    '/v1/groups',
    '/v1/groups/asg-1',
    '/v1/groups/web-canary/approve',
    '/v1/groups/x/pause',
    '/v1/groups/x/resume',
    '/v1/groups/x/abort',
    '/v1/groups/x/rollback',
    '/v1/groups/x/retry',
    '/v1/groups/x/nope',
    '/v1/plan',
    '/v1/rollouts',
    '/v1/events',
    '/v1/freeze',
    '/v1/unfreeze',
    '/prefix/v1/groups',
    '/v1/',
    '/',
    '/v1/groups/%E0%A4%A/approve',
    '/v1/groups//pause',
    '/v2/groups',
  ];
  return (): unknown => {
    const shape = r();
    if (shape < 0.03)
      return pick([
        null,
        undefined,
        42,
        'not json',
        '{"rawPath":1}',
        Buffer.from(junk(50)),
        [],
        {},
        { requestContext: null },
      ]);
    const method = pick(['GET', 'POST', 'PUT', 'DELETE', 'HEAD', 'PATCH', junk(5)]);
    const path = r() < 0.85 ? pick(paths) + (r() < 0.2 ? `/${junk(8)}` : '') : junk(40);
    const query: Record<string, string> =
      r() < 0.3
        ? Object.fromEntries(
            Array.from({ length: Math.floor(r() * 3) }, () => [
              pick(['at', 'group', 'type', 'limit', junk(4)]),
              pick(['1', '-5', 'abc', '2026-12-05T22:00:00+08:00', '1764600000', junk(10)]),
            ]),
          )
        : {};
    const bodyKind = r();
    const body =
      bodyKind < 0.5 ? JSON.stringify(json()) : bodyKind < 0.7 ? junk(200) : bodyKind < 0.75 ? 'x'.repeat(70_000) : '';
    const base64 = r() < 0.05;
    const signedAt =
      r() < 0.9 ? Math.floor(Date.now() / 1000) : Math.floor(Date.now() / 1000) + pick([-301, 301, -100000, 1e12]);
    const pathWithQuery = Object.keys(query).length === 0 ? path : `${path}?${queryString(query)}`;
    const signature =
      r() < 0.5
        ? signedHeaders(SECRET, signedAt, method, pathWithQuery, base64 ? Buffer.from(body, 'base64') : body)
        : pick([
            {},
            { 'X-Rollgate-Timestamp': junk(12), 'X-Rollgate-Signature': junk(70) },
            { 'X-Rollgate-Timestamp': String(signedAt), 'X-Rollgate-Signature': `v1=${'0'.repeat(64)}` },
            { 'X-Rollgate-Signature': 'v1=' },
          ]);
    const headers: Record<string, unknown> = {
      ...signature,
      'content-type': pick(['application/json', 'text/plain', 'application/merge-patch+json', junk(10)]),
    };
    if (r() < 0.05) headers['x-rollgate-timestamp'] = 12;
    return {
      version: 'v1',
      rawPath: path,
      body,
      isBase64Encoded: base64,
      headers,
      queryParameters: query,
      requestContext: { http: { method, path, sourceIp: pick(['127.0.0.1', '10.0.0.1', '']) } },
    };
  };
}

describe('webhook fuzz', () => {
  it(`answers ${CASES} random and malformed requests without a 5xx or a throw`, async () => {
    const webhook = createWebhook({
      secrets: [SECRET],
      nowSeconds: () => Math.floor(Date.now() / 1000),
      log: createLogger('fuzz', 'silent'),
      operations: stubs,
      rateLimit: { burst: 1e9, perSecond: 1e9 },
    });
    const deps = async () => ({}) as ControllerDeps;
    const next = generator(20261201);
    const seen = new Map<number, number>();
    for (let i = 0; i < CASES; i++) {
      const event = next();
      const answer = await webhook(event, deps);
      seen.set(answer.statusCode, (seen.get(answer.statusCode) ?? 0) + 1);
      if (answer.statusCode >= 500)
        assert.fail(`case ${i}: ${answer.statusCode} ${answer.body} for ${JSON.stringify(event).slice(0, 500)}`);
      const body = JSON.parse(answer.body) as Record<string, unknown>;
      if (answer.statusCode >= 400) assert.equal(typeof body['code'], 'string', `case ${i}: error without a code`);
    }
    // The cases reached every layer: refused unsigned, routed, parsed and accepted.
    for (const status of [200, 400, 401, 404, 413])
      assert.ok((seen.get(status) ?? 0) > 0, `no case answered ${status}: ${JSON.stringify([...seen])}`);
  });
});
