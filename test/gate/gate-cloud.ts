// Test helper: a local cloud with a small fleet (canary + prod groups on the
// image family `app`), the bundled health check registered as the policy's
// FC function, controller deps pointed at the cloud, and helpers that drive
// simulated time and the gate turn by turn.
import { startLocalCloud, type RunningLocalCloud } from '../../local/cloud/index';
import { createCloudClients, createCmsApi, loadCloudConfig, type CloudClients } from '../../shared/cloud/index';
import type { ControllerDeps } from '../../shared/controller/deps';
import { runGateOnce, type GateRunReport } from '../../shared/controller/gate/index';
import { reconcile } from '../../shared/controller/reconcile';
import { ALL_GROUPS } from '../../shared/controller/snapshot/read-snapshot';
import { parsePolicy, type Policy, type PolicyInput } from '../../shared/domain/policy';
import { parseEvent, type RollgateEvent } from '../../shared/domain/events';
import {
  HealthCheckInputSchema,
  probeHttp,
  probeTcp,
  runHealthCheck,
  type HealthDeps,
} from '../../shared/health/index';
import { createLogger } from '../../shared/log';
import { stringify } from 'yaml';

export const START_MS = Date.parse('2026-03-02T08:00:00Z');
export const EVENTS_TOPIC = 'rollgate-events';
export const HEALTH_FUNCTION = 'rollgate-health-check';

export interface GroupSpec {
  name: string;
  instances: number;
  wave: 'canary' | 'prod';
}

export interface GateCloudOptions {
  groups?: GroupSpec[];
  /** Overrides of the target's rollout and gate settings. */
  rollout?: Record<string, unknown>;
  gate?: Record<string, unknown>;
  /** Pre-suspended processes per group name, set before any rollout. */
  suspended?: Record<string, string[]>;
  /** Attempts per cloud call (default 2, so a fault shows soon; the production default is 5). */
  retryMaxAttempts?: number;
  /** Policy maxConcurrentGroups (default 5). */
  maxConcurrentGroups?: number;
  /** The target's maintenance windows. */
  windows?: unknown[];
  /** Instances answer HTTP probes, and the gate's checks include HTTP on their port. */
  httpProbes?: boolean;
  /** Groups report their ESS notifications to this MNS topic (none when unset). */
  essEventsTopic?: string;
  /** The target's kind and source (default `{ image: { family: 'app' } }`). */
  source?: Record<string, unknown>;
  /** Other top-level policy keys (freeze, windows). */
  policy?: Record<string, unknown>;
}

export interface GateCloud {
  cloud: RunningLocalCloud;
  clients: CloudClients;
  deps: ControllerDeps;
  policy: Policy;
  groups: Record<
    string,
    { scalingGroupId: string; scalingConfigurationId: string; imageId: string; instanceIds: string[] }
  >;
  /** Publishes an image of family `app` (Available at once); `unhealthy` images boot Unhealthy. */
  publishImage(name: string, unhealthy?: boolean): string;
  reconcileOnce(): ReturnType<typeof reconcile>;
  /** Advances simulated time, then runs one gate turn. */
  gateTurn(seconds?: number): Promise<GateRunReport>;
  /** Gate turns every `pollSeconds` until `until` holds or `maxSeconds` pass; returns every report. */
  gateUntil(until: () => boolean, maxSeconds?: number): Promise<GateRunReport[]>;
  executions(groupName: string): Array<{ executionId: string; status: string }>;
  /** Rollgate events published to the events topic since the last call. */
  events(): RollgateEvent[];
  /**
   * Requests the bundled health-check function made while it ran, per action (the local cloud's own counter, read
   * before and after each invocation: exact while invocations do not overlap).
   */
  healthCheckServed: Record<string, number>;
  close(): Promise<void>;
}

const DEFAULT_GROUPS: GroupSpec[] = [
  { name: 'web-canary', instances: 2, wave: 'canary' },
  { name: 'web-prod', instances: 4, wave: 'prod' },
];

function policyInput(options: GateCloudOptions, probePort: number | undefined): PolicyInput {
  return {
    version: 1,
    maxConcurrentGroups: options.maxConcurrentGroups ?? 5,
    targets: [
      {
        name: 'app',
        select: { tags: { 'rollgate:managed': 'true' } },
        ...(options.source ?? { image: { family: 'app' } }),
        rollout: { batchNumber: 2, onFailure: 'rollback', ...options.rollout },
        ...(options.windows === undefined ? {} : { windows: options.windows }),
        waves: [
          { name: 'canary', select: { tags: { 'rollgate:wave': 'canary' } }, soakSeconds: 60 },
          { name: 'prod', select: { tags: { 'rollgate:wave': 'prod' } }, soakSeconds: 60 },
        ],
        gate: {
          function: HEALTH_FUNCTION,
          bakeSeconds: 60,
          pollSeconds: 5,
          timeoutSeconds: 600,
          failureThreshold: 3,
          retries: 1,
          allowedFailedInstances: 0,
          checks: {
            essHealth: true,
            ecsRunning: true,
            ...(probePort === undefined ? {} : { http: { port: probePort, timeoutMs: 1000 } }),
          },
          ...options.gate,
        },
      },
    ],
    ...options.policy,
  } as PolicyInput;
}

export async function startGateCloud(options: GateCloudOptions = {}): Promise<GateCloud> {
  const groupsSpec = options.groups ?? DEFAULT_GROUPS;
  const cloud = await startLocalCloud({
    startTimeMs: START_MS,
    ...(options.httpProbes === true ? { probes: { enabled: true, port: 0 } } : {}),
    seed: {
      images: [{ name: 'app-v1', family: 'app', ageDays: 10 }],
      groups: groupsSpec.map((g) => ({
        name: g.name,
        instances: g.instances,
        imageFamily: 'app',
        tags: { 'rollgate:managed': 'true', 'rollgate:wave': g.wave },
        ...(options.essEventsTopic === undefined ? {} : { notificationTopic: options.essEventsTopic }),
      })),
    },
  });
  const world = cloud.world();
  world.mns.ensureTopic(EVENTS_TOPIC);
  const env = { ...cloud.clientEnv(), ROLLGATE_RETRY_MAX_ATTEMPTS: String(options.retryMaxAttempts ?? 2) };
  const config = loadCloudConfig(env);
  const clients = createCloudClients(config, { sleep: async () => undefined });
  const parsed = parsePolicy(
    stringify(policyInput(options, options.httpProbes === true ? cloud.probes.status().port : undefined)),
  );
  if (!parsed.ok) throw new Error(`test policy invalid: ${JSON.stringify(parsed.errors)}`);
  const policy = parsed.policy;
  const deps: ControllerDeps = {
    clients,
    policy,
    regionId: cloud.regionId,
    eventsTopic: EVENTS_TOPIC,
    now: () => cloud.clock.now(),
    log: createLogger('gate-test', process.env.LOG_LEVEL ?? 'silent'),
  };

  // The bundled health check, as FC would run it.
  const healthDeps: HealthDeps = {
    ess: clients.ess,
    ecs: clients.ecs,
    cms: createCmsApi(config),
    probeHttp,
    probeTcp,
    now: () => cloud.clock.now(),
  };
  const healthCheckServed: Record<string, number> = {};
  world.fc.register(HEALTH_FUNCTION, async (event) => {
    const before = cloud.cloud.requests.snapshot().byAction;
    try {
      return await runHealthCheck(HealthCheckInputSchema.parse(JSON.parse(event.toString('utf8'))), healthDeps);
    } finally {
      for (const [action, n] of Object.entries(cloud.cloud.requests.snapshot().byAction)) {
        const made = n - (before[action] ?? 0);
        if (made > 0) healthCheckServed[action] = (healthCheckServed[action] ?? 0) + made;
      }
    }
  });

  const groups: GateCloud['groups'] = {};
  for (const g of world.ess.listGroups()) {
    const configId = g.activeScalingConfigurationId ?? '';
    groups[g.scalingGroupName] = {
      scalingGroupId: g.scalingGroupId,
      scalingConfigurationId: configId,
      imageId: world.ess.getScalingConfiguration(configId).imageId,
      instanceIds: world.ess.listInstances(g.scalingGroupId).map((i) => i.instanceId),
    };
    const pre = options.suspended?.[g.scalingGroupName];
    if (pre !== undefined) world.ess.suspendProcesses(g.scalingGroupId, pre);
  }

  let read = 0;

  const pollSeconds = policy.targets[0]?.gate.pollSeconds ?? 5;
  const gateTurn = async (seconds = pollSeconds): Promise<GateRunReport> => {
    cloud.clock.advance(seconds);
    return runGateOnce(deps);
  };

  return {
    cloud,
    clients,
    deps,
    policy,
    groups,
    publishImage(name, unhealthy = false) {
      return world.ecs.images.create({
        imageName: name,
        imageFamily: 'app',
        tags: {},
        available: true,
        bootsUnhealthy: unhealthy,
      }).imageId;
    },
    reconcileOnce: () => reconcile(deps, ALL_GROUPS),
    gateTurn,
    async gateUntil(until, maxSeconds = 3600) {
      const reports: GateRunReport[] = [];
      for (let t = 0; t < maxSeconds && !until(); t += pollSeconds) reports.push(await gateTurn());
      return reports;
    },
    healthCheckServed,
    executions: (groupName) => world.oos.executionsForGroup(groups[groupName]?.scalingGroupId ?? ''),
    events() {
      const history = world.mns.history(EVENTS_TOPIC);
      const fresh = history.slice(read).map((m) => parseEvent(JSON.parse(m.body)));
      read = history.length;
      return fresh;
    },
    close: () => cloud.close(),
  };
}
