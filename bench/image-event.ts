// Image event to first StartExecution: the image-events use case (what the
// function runs) on the local cloud with 20 ms latency per API call and
// simulated time running at real speed, 1,000 groups of which the canary
// wave's 10 are affected. Prints API calls per affected group (served, as the
// local cloud counts them; target ≤ 4) and the simulated time from the event
// to each group's StartExecution.
// Figures only; nothing here passes or fails on time.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseDocument } from 'yaml';
import { createCloudClients, loadCloudConfig } from '../shared/cloud/index';
import type { ControllerDeps } from '../shared/controller/deps';
import { handleImageEvent } from '../shared/controller/image-event';
import { parsePolicy } from '../shared/domain/policy';
import { createLogger } from '../shared/log';
import { startLocalCloud } from '../local/cloud/index';
import { atMost, figure, report } from './lib/figures';
import { injectLatency, seedBenchFleet } from './lib/fleet';
import { byActionText, resetRequests, servedRequests } from './lib/requests';

const root = new URL('..', import.meta.url).pathname;
const FLEET = { groups: Number(process.env['BENCH_GROUPS'] ?? 1000), instancesPerGroup: 20, canaryGroups: 10 };
const LATENCY_MS = 20;

/** rollgate.yaml, with room for the whole canary wave to start at once. */
function benchPolicy() {
  const doc = parseDocument(readFileSync(join(root, 'rollgate.yaml'), 'utf8'));
  doc.set('maxConcurrentGroups', FLEET.canaryGroups);
  const result = parsePolicy(doc.toString());
  if (!result.ok) throw new Error(`bench policy: ${JSON.stringify(result.errors)}`);
  return result.policy;
}

// Simulated time at real speed: the 20 ms latencies and the work in between are simulated time too.
const cloud = await startLocalCloud({ timeScale: 1 });
try {
  await seedBenchFleet(cloud, FLEET);
  await injectLatency(cloud, LATENCY_MS);
  const image = cloud.world().ecs.images.create({
    imageName: 'app-base-bench-2',
    imageFamily: 'app-base',
    tags: {},
    available: true,
    bootsUnhealthy: false,
  });

  const startsAt: number[] = [];
  const clients = createCloudClients(loadCloudConfig(cloud.clientEnv()), {
    onAttempt: (e) => {
      if (e.operation === 'oos:StartExecution' && e.outcome === 'ok') startsAt.push(cloud.clock.now());
    },
  });
  const deps: ControllerDeps = {
    clients,
    policy: benchPolicy(),
    regionId: cloud.regionId,
    eventsTopic: 'rollgate-events',
    now: () => cloud.clock.now(),
    log: createLogger('bench', 'silent'),
  };
  cloud.world().mns.ensureTopic('rollgate-events');
  const body = JSON.stringify({
    name: 'Image:StateChange',
    product: 'ECS',
    regionId: cloud.regionId,
    content: { imageId: image.imageId, currentState: 'Available' },
  });

  await resetRequests(cloud.url);
  const eventAt = cloud.clock.now();
  const outcome = await handleImageEvent(deps, body);
  const served = await servedRequests(cloud.url);
  const total = served.total;
  const started = startsAt.length;
  const simulated = startsAt.map((t) => t - eventAt);

  console.log(
    `image-event bench: ${FLEET.groups} managed groups (${FLEET.canaryGroups} in the canary wave), ` +
      `${FLEET.instancesPerGroup} instances each, ${LATENCY_MS} ms latency per API call`,
  );
  console.log(`  outcome: ${outcome.kind}; ${started} rollout(s) started (the canary wave)`);
  console.log(
    `  API calls: ${total} in all, ${started > 0 ? (total / started).toFixed(1) : '-'} per affected group (target ≤ 4)`,
  );
  console.log(`    by operation: ${byActionText(served)}`);
  if (simulated.length > 0) {
    console.log(
      `  simulated time from the event to StartExecution: first ${simulated[0]} ms, last ${simulated.at(-1)} ms (target < 1 s per group)`,
    );
  }
  report([
    figure(
      'imageEvent.callsPerAffectedGroup',
      undefined,
      started > 0 ? Math.round((total / started) * 10) / 10 : Number.NaN,
      'calls',
      atMost(4),
    ),
  ]);
} finally {
  await cloud.close();
}
