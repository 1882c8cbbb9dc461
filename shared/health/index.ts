// The bundled health check: contract, runner and the default network probes.
export * from './contract';
export type { HealthDeps, HttpProbeRequest, HttpProbeResult, TcpProbeResult } from './ports';
export { runHealthCheck, enabledChecks, instancesToCheck } from './run';
export { probeHttp } from './probes/http';
export { probeTcp } from './probes/tcp';
