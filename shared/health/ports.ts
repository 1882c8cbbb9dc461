// What the checks need from the outside world, as narrow interfaces: the
// client layer's product APIs satisfy them, and tests can pass fakes. The
// probes are ports too, so the checks never open sockets themselves.
import type { EcsApi } from '../cloud/ecs-api';
import type { EssApi } from '../cloud/ess-api';
import type { CmsApi } from '../cloud/cms';

export interface HttpProbeRequest {
  url: string;
  timeoutMs: number;
  /** Read at most this many bytes of the body (enough to match a health payload). */
  maxBodyBytes: number;
}

export type HttpProbeResult =
  { ok: true; status: number; body: string; latencyMs: number } | { ok: false; error: string; latencyMs: number };

export type TcpProbeResult = { ok: true; latencyMs: number } | { ok: false; error: string; latencyMs: number };

export interface HealthDeps {
  ess: Pick<EssApi, 'listAllScalingInstances'>;
  ecs: Pick<EcsApi, 'listAllInstances' | 'runCommand' | 'describeInvocations' | 'describeInvocationResults'>;
  cms: Pick<CmsApi, 'listAllMetricData'>;
  probeHttp(request: HttpProbeRequest): Promise<HttpProbeResult>;
  probeTcp(host: string, port: number, timeoutMs: number): Promise<TcpProbeResult>;
  /** Epoch ms: the simulated clock on the local cloud, the real one on Alibaba Cloud. */
  now(): number;
}
