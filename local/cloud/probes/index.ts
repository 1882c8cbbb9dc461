// Probe targets for the health check: listeners on the instances' loopback
// private IPs, plus their admin API. startLocalCloud builds one per cloud.
import type { EcsInstanceRecord, RestProduct } from '../core/contracts';
import { cmsAdminProduct } from '../cms/admin';
import { ProbeService, type ProbeSettings } from './service';
import { probesAdminProduct } from './admin';

export { ProbeService, DEFAULT_APP_PORT, isLoopback, type ProbeSettings, type ProbeListenerInfo } from './service';
export { PROBE_FAULTS, HEALTH_PATH, type ProbeFault } from './app';
export { probesAdminProduct } from './admin';

/** The probe service of one local cloud and the REST product serving its admin API. */
export function createProbes(instances: () => readonly EcsInstanceRecord[], settings: Partial<ProbeSettings> = {}) {
  const service = new ProbeService(instances, settings);
  return { service, admin: probesAdminProduct(service) };
}

/** What startLocalCloud needs of its cloud: every world's instances. */
export interface CloudWithInstances {
  worlds: { all(): ReadonlyArray<{ ecs: { listInstances(): EcsInstanceRecord[] } }> };
}

export interface LocalProbes {
  service: ProbeService;
  /** Admin APIs of the probes and of CloudMonitor metric overrides (mount before the general admin API). */
  restProducts: RestProduct[];
  /** Opens the listeners when the options enabled probes. */
  start(): Promise<void>;
  close(): Promise<void>;
}

/** Everything the health checks need from one local cloud, wired in one call. */
export function localProbes(cloud: CloudWithInstances, settings: Partial<ProbeSettings> = {}): LocalProbes {
  const { service, admin } = createProbes(() => cloud.worlds.all().flatMap((w) => w.ecs.listInstances()), settings);
  return {
    service,
    restProducts: [admin, cmsAdminProduct],
    start: () => (settings.enabled ? service.configure({}) : Promise.resolve()),
    close: () => service.close(),
  };
}
