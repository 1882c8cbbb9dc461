// Admin API of the probes (no signature, like the rest of /_local):
//   GET    /_local/probes          → {enabled, port, listeners, faults}
//   POST   /_local/probes          {enabled?: boolean, port?: number} → same
//   POST   /_local/probes/faults   {instanceId, fault: "refuse"|"http503"|"hang"|null} → same
//   DELETE /_local/probes/faults   → same, every probe fault cleared
import * as z from 'zod';
import type { RawHttpRequest, RawHttpResponse, RestProduct } from '../core/contracts';
import { PROBE_FAULTS } from './app';
import type { ProbeService } from './service';

const ConfigureBody = z.strictObject({
  enabled: z.boolean().optional(),
  port: z.int().min(0).max(65535).optional(),
});

const FaultBody = z.strictObject({
  instanceId: z.string().min(1),
  fault: z.enum(PROBE_FAULTS).nullable(),
});

const BASE = '/_local/probes';

function json(status: number, body: unknown): RawHttpResponse {
  return { status, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) };
}

function readBody<T extends z.ZodType>(
  schema: T,
  req: RawHttpRequest,
): { ok: true; value: z.infer<T> } | { ok: false; response: RawHttpResponse } {
  let raw: unknown = {};
  try {
    const text = req.body.toString('utf8');
    raw = text.trim() === '' ? {} : JSON.parse(text);
  } catch {
    return { ok: false, response: json(400, { error: 'body is not JSON' }) };
  }
  const parsed = schema.safeParse(raw);
  if (!parsed.success) {
    return {
      ok: false,
      response: json(400, {
        error: parsed.error.issues.map((i) => `${i.path.join('.') || 'body'}: ${i.message}`).join('; '),
      }),
    };
  }
  return { ok: true, value: parsed.data };
}

export function probesAdminProduct(probes: ProbeService): RestProduct {
  return {
    name: 'probes-admin',
    matches: (req) => req.path === BASE || req.path.startsWith(`${BASE}/`),
    async handle(req) {
      const route = `${req.method} ${req.path.replace(/\/+$/, '')}`;
      switch (route) {
        case `GET ${BASE}`:
          return json(200, probes.status());
        case `POST ${BASE}`: {
          const body = readBody(ConfigureBody, req);
          if (!body.ok) return body.response;
          await probes.configure(body.value);
          return json(200, probes.status());
        }
        case `POST ${BASE}/faults`: {
          const body = readBody(FaultBody, req);
          if (!body.ok) return body.response;
          await probes.setFault(body.value.instanceId, body.value.fault ?? undefined);
          return json(200, probes.status());
        }
        case `DELETE ${BASE}/faults`:
          await probes.clearFaults();
          return json(200, probes.status());
        default:
          return json(404, { error: `no route ${route}` });
      }
    },
  };
}
