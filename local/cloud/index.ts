// The local cloud as a library: tests and the local runtime start one with
// startLocalCloud() and get its URL, credentials, clock and worlds.
import { startRealTimeDriver } from './core/clock';
import { startSettledDriver } from './core/settled-time';
import { LocalCloud } from './core/cloud';
import type { LocalCloudContext, RestProduct, RpcRoutes } from './core/contracts';
import type { RpcProduct } from './core/rpc';
import { startServer } from './core/server';
import type { LocalRegionWorld } from './core/world';
import type { SimClock } from './core/clock';
import { createAdminProduct } from './admin/routes';
import { cmsProduct } from './cms/routes';
import { ecsProduct } from './ecs/routes';
import { essProduct } from './ess/routes';
import { fcProduct } from './fc/routes';
import { mnsProduct } from './mns/routes';
import { mnsAdminProduct } from './mns/admin';
import { oosAdminProduct } from './oos/admin';
import { localProbes, type ProbeService, type ProbeSettings } from './probes';
import { oosRoutes } from './oos/routes';
import { seedDemo } from './seed/demo';
import { seedFleet, type FleetSpec } from './seed/fleet';

export const DEFAULT_ACCOUNT_ID = '1234567890123456';
export const DEFAULT_REGION_ID = 'cn-hangzhou';
export const DEFAULT_ACCESS_KEY_ID = 'LTAI-local-rollgate';
export const DEFAULT_ACCESS_KEY_SECRET = 'local-secret-not-for-production';

export interface LocalCloudOptions {
  /** 0 (default) = an ephemeral port. */
  port?: number;
  host?: string;
  regionId?: string;
  accountId?: string;
  accessKeyId?: string;
  accessKeySecret?: string;
  /**
   * Simulated seconds per real second; 0 (default) = time moves only by
   * advance(). `settled`: time moves only when no request, invocation or
   * delivery is at work, straight to the next thing due (core/settled-time.ts).
   */
  timeScale?: number | 'settled';
  /** Simulated epoch ms at start; default real now truncated to the second. */
  startTimeMs?: number;
  /** Check request signatures (default true). */
  verifySignatures?: boolean;
  /** Seed the default world: the demo fleet or a fleet spec. */
  seed?: 'demo' | FleetSpec;
  /** Instances answer HTTP/TCP probes on their 127.x private IPs (default off; port default 8080, 0 = pick one). */
  probes?: Partial<ProbeSettings>;
}

export interface RunningLocalCloud {
  url: string;
  port: number;
  accessKeyId: string;
  accessKeySecret: string;
  accountId: string;
  regionId: string;
  clock: SimClock;
  context: LocalCloudContext;
  /** The cloud itself (worlds, reset); tests use it for white-box checks. */
  cloud: LocalCloud;
  /** The default world (this account and region), or another one. */
  world(accountId?: string, regionId?: string): LocalRegionWorld;
  /** Probe listeners: enable/disable, per-instance faults, status. */
  probes: ProbeService;
  /**
   * The environment a client outside Function Compute needs to reach this cloud:
   * the standard Alibaba Cloud variables and `ROLLGATE_ENDPOINT`, as the local runtime gives its functions.
   */
  clientEnv(): Record<string, string>;
  close(): Promise<void>;
}

const oosProduct: RpcProduct = { name: 'oos', routes: oosRoutes satisfies RpcRoutes };

export async function startLocalCloud(options: LocalCloudOptions = {}): Promise<RunningLocalCloud> {
  const accessKeyId = options.accessKeyId ?? DEFAULT_ACCESS_KEY_ID;
  const accessKeySecret = options.accessKeySecret ?? DEFAULT_ACCESS_KEY_SECRET;
  const cloud = new LocalCloud({
    accountId: options.accountId ?? DEFAULT_ACCOUNT_ID,
    regionId: options.regionId ?? DEFAULT_REGION_ID,
    accessKeyId,
    accessKeySecret,
    verifySignatures: options.verifySignatures ?? true,
    ...(options.startTimeMs !== undefined ? { startMs: options.startTimeMs } : {}),
  });
  const probes = localProbes(cloud, options.probes);
  const restProducts: RestProduct[] = [
    mnsProduct,
    fcProduct,
    mnsAdminProduct,
    oosAdminProduct,
    ...probes.restProducts,
    createAdminProduct(cloud),
  ];
  const rpcProducts: RpcProduct[] = [ecsProduct, essProduct, oosProduct, cmsProduct];
  const server = await startServer({
    cloud,
    restProducts,
    rpcProducts,
    host: options.host ?? '127.0.0.1',
    port: options.port ?? 0,
  });

  if (options.seed === 'demo') seedDemo(cloud.world());
  else if (options.seed) seedFleet(cloud.world(), options.seed);
  const stopDriver =
    options.timeScale === 'settled'
      ? startSettledDriver(cloud)
      : startRealTimeDriver(cloud.clock, options.timeScale ?? 0);
  await probes.start();

  return {
    url: server.url,
    port: server.port,
    accessKeyId,
    accessKeySecret,
    accountId: cloud.defaultAccountId,
    regionId: cloud.defaultRegionId,
    clock: cloud.clock,
    context: cloud,
    cloud,
    world: (accountId, regionId) => cloud.world(accountId, regionId),
    probes: probes.service,
    clientEnv: () => ({
      ALIBABA_CLOUD_REGION_ID: cloud.defaultRegionId,
      ALIBABA_CLOUD_ACCOUNT_ID: cloud.defaultAccountId,
      ALIBABA_CLOUD_ACCESS_KEY_ID: accessKeyId,
      ALIBABA_CLOUD_ACCESS_KEY_SECRET: accessKeySecret,
      ROLLGATE_ENDPOINT: server.url,
    }),
    close: async () => {
      stopDriver();
      await probes.close();
      await server.close();
    },
  };
}

export type { LocalCloud } from './core/cloud';
export type { LocalRegionWorld } from './core/world';
export type { FleetSpec } from './seed/fleet';
