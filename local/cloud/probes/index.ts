// Probe targets for the health check: listeners on the instances' loopback
// private IPs, plus their admin API. startLocalCloud builds one per cloud.
import type { EcsInstanceRecord } from '../core/contracts';
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
