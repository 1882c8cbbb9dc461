// A local cloud for health-check tests: group "web" (4 instances on a healthy
// image), probes on, CloudMonitor history of ten minutes, and the bundled
// health check's dependencies pointed at it.
import { startLocalCloud } from '../../local/cloud/index';
import { createCloudClients, createCmsApi, loadCloudConfig } from '../../shared/cloud/index';
import { probeHttp, probeTcp, type HealthCheckInput, type HealthDeps } from '../../shared/health/index';
import { HealthCheckInputSchema } from '../../shared/health/contract';

export const START_MS = Date.UTC(2024, 0, 1, 12, 0, 0);

export async function startHealthCloud() {
  const local = await startLocalCloud({
    startTimeMs: START_MS,
    probes: { enabled: true, port: 0 },
    seed: { images: [{ name: 'v1', family: 'app' }], groups: [{ name: 'web', instances: 4, imageName: 'v1' }] },
  });
  // Ten simulated minutes of metric history before any check.
  local.clock.advance(600);
  await local.probes.sync();
  const world = local.world();
  const groupId = world.ess.listGroups()[0]?.scalingGroupId;
  if (groupId === undefined) throw new Error('the seed made no scaling group');
  const env = { ...local.clientEnv(), ROLLGATE_RETRY_MAX_ATTEMPTS: '1' };
  const config = loadCloudConfig(env);
  const clients = createCloudClients(config, { sleep: async () => undefined });
  const deps: HealthDeps = {
    ess: clients.ess,
    ecs: clients.ecs,
    cms: createCmsApi(config),
    probeHttp,
    probeTcp,
    now: () => local.clock.now(),
  };
  const instanceIds = world.ess
    .listInstances(groupId)
    .map((i) => i.instanceId)
    .sort();
  const described = (ids: readonly string[]) =>
    ids.map((instanceId) => ({ instanceId, privateIp: world.ecs.getInstance(instanceId).privateIp }));

  /** An input as the gate sends it: `batch` ids are the paused batch, every instance is InService. */
  const input = (
    batch: readonly string[],
    checks: HealthCheckInput['checks'] | Record<string, unknown>,
    minHealthyPercent = 100,
  ): HealthCheckInput =>
    HealthCheckInputSchema.parse({
      groupId,
      executionId: 'exec-test',
      campaignId: 'camp-test',
      batch: { index: 0, total: 2 },
      batchInstances: described(batch),
      inServiceInstances: described(instanceIds),
      checks,
      minHealthyPercent,
    });

  return {
    local,
    world,
    deps,
    env,
    groupId,
    instanceIds,
    input,
    port: local.probes.status().port,
    close: () => local.close(),
  };
}
