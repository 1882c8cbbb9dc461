// HTTP probe per instance: GET the policy's URL template filled with the
// instance's private IP; healthy when the status is expected and (if set)
// the body matches. Latency is reported, not judged.
import type { Checks } from '../../domain/policy';
import type { Check } from './context';
import { mapLimited } from '../../concurrency';
import { PROBE_CONCURRENCY, measured } from './context';

type HttpCheck = NonNullable<Checks['http']>;

const MAX_BODY_BYTES = 64 * 1024;

export function probeUrl(settings: HttpCheck, ip: string): string {
  return settings.urlTemplate
    .replaceAll('{ip}', ip.includes(':') ? `[${ip}]` : ip)
    .replaceAll('{port}', String(settings.port))
    .replaceAll('{path}', settings.path);
}

export function httpCheck(settings: HttpCheck): Check {
  const bodyPattern = settings.bodyMatch === undefined ? undefined : new RegExp(settings.bodyMatch);
  return async ({ instances, deps }) => {
    const results = await mapLimited(instances, PROBE_CONCURRENCY, async ({ instanceId, privateIp }) => {
      if (privateIp === '')
        return [instanceId, measured('unhealthy', 'http: no private IP to probe', { url: null })] as const;
      const url = probeUrl(settings, privateIp);
      const probe = await deps.probeHttp({ url, timeoutMs: settings.timeoutMs, maxBodyBytes: MAX_BODY_BYTES });
      if (!probe.ok) {
        return [
          instanceId,
          measured('unhealthy', `http GET ${url} failed: ${probe.error}`, {
            url,
            status: null,
            latencyMs: probe.latencyMs,
            error: probe.error,
          }),
        ] as const;
      }
      const statusOk = settings.expectStatus.includes(probe.status);
      const bodyMatched = bodyPattern === undefined ? null : bodyPattern.test(probe.body);
      const values = { url, status: probe.status, latencyMs: probe.latencyMs, bodyMatched };
      if (!statusOk) {
        return [
          instanceId,
          measured(
            'unhealthy',
            `http GET ${url} answered ${probe.status} in ${probe.latencyMs} ms, expected ${settings.expectStatus.join('/')}`,
            values,
          ),
        ] as const;
      }
      if (bodyMatched === false) {
        return [
          instanceId,
          measured(
            'unhealthy',
            `http GET ${url} answered ${probe.status} but the body does not match /${settings.bodyMatch}/`,
            values,
          ),
        ] as const;
      }
      return [
        instanceId,
        measured('healthy', `http GET ${url} answered ${probe.status} in ${probe.latencyMs} ms`, values),
      ] as const;
    });
    return new Map(results);
  };
}
