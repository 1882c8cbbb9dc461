// TCP connect per instance on the policy's port: healthy when a new
// connection is accepted within the timeout.
import type { Checks } from '../../domain/policy';
import type { Check } from './context';
import { mapLimited } from '../../concurrency';
import { PROBE_CONCURRENCY, measured } from './context';

type TcpCheck = NonNullable<Checks['tcp']>;

export function tcpCheck(settings: TcpCheck): Check {
  return async ({ instances, deps }) => {
    const results = await mapLimited(instances, PROBE_CONCURRENCY, async ({ instanceId, privateIp }) => {
      const target = `${privateIp}:${settings.port}`;
      if (privateIp === '')
        return [instanceId, measured('unhealthy', 'tcp: no private IP to connect to', { target: null })] as const;
      const probe = await deps.probeTcp(privateIp, settings.port, settings.timeoutMs);
      return probe.ok
        ? ([
            instanceId,
            measured('healthy', `tcp ${target} accepted in ${probe.latencyMs} ms`, {
              target,
              connected: true,
              latencyMs: probe.latencyMs,
            }),
          ] as const)
        : ([
            instanceId,
            measured('unhealthy', `tcp ${target} failed: ${probe.error}`, {
              target,
              connected: false,
              latencyMs: probe.latencyMs,
              error: probe.error,
            }),
          ] as const);
    });
    return new Map(results);
  };
}
