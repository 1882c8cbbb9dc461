// The application every simulated instance runs, as far as probes can see:
// what it answers depends on the instance's state, its simulated health and
// any probe fault injected for it. No sockets here.
import type { EcsInstanceRecord } from '../core/contracts';

/**
 * Faults an operator or test can inject per instance, beyond the image's health:
 * `refuse` closes the port (connections refused), `http503` answers 503 although
 * the image is healthy, `hang` accepts connections but never answers (timeouts).
 */
export const PROBE_FAULTS = ['refuse', 'http503', 'hang'] as const;
export type ProbeFault = (typeof PROBE_FAULTS)[number];

export const HEALTH_PATH = '/health';

export type AppAnswer = { kind: 'reply'; status: number; body: Record<string, unknown> } | { kind: 'hang' };

/** Only a Running instance has a listening application (and only without the `refuse` fault). */
export function listens(instance: EcsInstanceRecord, fault: ProbeFault | undefined): boolean {
  return instance.status === 'Running' && fault !== 'refuse';
}

export function answer(
  instance: EcsInstanceRecord,
  fault: ProbeFault | undefined,
  method: string,
  path: string,
): AppAnswer {
  if (fault === 'hang') return { kind: 'hang' };
  const pathname = path.split('?')[0] ?? path;
  if (pathname !== HEALTH_PATH) return { kind: 'reply', status: 404, body: { status: 'not found', path: pathname } };
  if (method !== 'GET' && method !== 'HEAD')
    return { kind: 'reply', status: 405, body: { status: 'method not allowed' } };
  const identity = { imageId: instance.imageId, instanceId: instance.instanceId };
  if (!instance.healthy || fault === 'http503')
    return { kind: 'reply', status: 503, body: { status: 'unhealthy', ...identity } };
  return { kind: 'reply', status: 200, body: { status: 'ok', ...identity } };
}
