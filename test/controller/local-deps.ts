// Test helper: a local cloud with the demo fleet and controller deps pointed at it.
import { createCloudClients, loadCloudConfig, type CloudClients } from '../../shared/cloud/index';
import type { ControllerDeps } from '../../shared/controller/deps';
import { loadPolicy } from '../../shared/controller/policy-file';
import { createLogger } from '../../shared/log';
import { startLocalCloud, type RunningLocalCloud } from '../../local/cloud/index';
import { after, beforeEach } from 'node:test';

export interface LocalController {
  cloud: RunningLocalCloud;
  clients: CloudClients;
  deps: ControllerDeps;
  /** Counts API calls the controller's clients made, by `product:Action`. */
  calls: Map<string, number>;
  close(): Promise<void>;
}

export const EVENTS_TOPIC = 'rollgate-events';

export async function startLocalController(options: { seed?: 'demo' } = { seed: 'demo' }): Promise<LocalController> {
  const cloud = await startLocalCloud({
    ...(options.seed ? { seed: options.seed } : {}),
    startTimeMs: Date.parse('2026-03-02T08:00:00Z'),
  });
  cloud.world().mns.ensureTopic(EVENTS_TOPIC);
  const calls = new Map<string, number>();
  const config = loadCloudConfig(cloud.clientEnv());
  const clients = createCloudClients(config, {
    sleep: async () => {},
    onAttempt: (e) => calls.set(e.operation, (calls.get(e.operation) ?? 0) + 1),
  });
  const deps: ControllerDeps = {
    clients,
    policy: loadPolicy(new URL('../../rollgate.yaml', import.meta.url).pathname),
    regionId: cloud.regionId,
    eventsTopic: EVENTS_TOPIC,
    now: () => cloud.clock.now(),
    log: createLogger('test', process.env.LOG_LEVEL ?? 'silent'),
  };
  return { cloud, clients, deps, calls, close: () => cloud.close() };
}

/**
 * A fresh local controller for every test of the enclosing suite (registers
 * its beforeEach/after hooks); call the returned accessor inside a test.
 */
export function localControllerPerTest(): () => LocalController {
  let lc: LocalController | undefined;
  beforeEach(async () => {
    await lc?.close();
    lc = await startLocalController();
  });
  after(async () => {
    await lc?.close();
  });
  return () => {
    if (!lc) throw new Error('no local controller');
    return lc;
  };
}

/** Group id of a demo group by name. */
export function groupIdByName(lc: LocalController, name: string): string {
  const group = lc.cloud
    .world()
    .ess.listGroups()
    .find((g) => g.scalingGroupName === name);
  if (!group) throw new Error(`no group named ${name}`);
  return group.scalingGroupId;
}

/** Publishes a new Available image to the demo's app-base family; returns its id. */
export function publishImage(lc: LocalController, name: string, ageMs = 0): string {
  const image = lc.cloud.world().ecs.images.create({
    imageName: name,
    imageFamily: 'app-base',
    tags: {},
    available: true,
    bootsUnhealthy: false,
    createdAtMs: lc.cloud.clock.now() - ageMs,
  });
  return image.imageId;
}

/** The ESS image-update rolling executions, newest first. */
export async function rollingExecutions(lc: LocalController) {
  return lc.clients.oos.listAllExecutions({ templateName: 'ACS-ESS-RollingUpdate' });
}
