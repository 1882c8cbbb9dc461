// Test helper: the function bundles built once into a temporary folder, a
// local cloud with the demo fleet, and the local runtime running the bundles
// from s.yaml against it (MNS topic and timer triggers included).
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildFunctions } from '../../scripts/build';
import { createCloudClients, loadCloudConfig, type CloudClients } from '../../shared/cloud/index';
import { startLocalCloud, type RunningLocalCloud } from '../../local/cloud/index';
import { startLocalRuntime, type LocalRuntime } from '../../local/runtime/index';

const root = new URL('../..', import.meta.url).pathname;
let built: Promise<string> | undefined;

/** Builds the bundles once per test process; returns the folder s.yaml's ./dist paths resolve against. */
export function buildOnce(): Promise<string> {
  built ??= (async () => {
    const codeRoot = mkdtempSync(join(tmpdir(), 'rollgate-fn-test-'));
    await buildFunctions(join(codeRoot, 'dist'));
    return codeRoot;
  })();
  return built;
}

export interface LocalSystem {
  cloud: RunningLocalCloud;
  runtime: LocalRuntime;
  clients: CloudClients;
  /**
   * Delivers what is due now and waits until every MNS delivery (and so the
   * function it triggered) has finished. It does not wait for the gate loop a
   * started rollout kicks off: that loop runs as long as the rollout is active.
   */
  deliver(): Promise<void>;
  /** Advances simulated time in small steps, delivering after each. */
  advance(seconds: number, step?: number): Promise<void>;
  /**
   * Advances simulated time in one step and waits (real time, bounded) until
   * `done` holds, without waiting for every invocation to end: the gate loop a
   * reconcile starts runs as long as a rollout is active.
   */
  advanceUntil(seconds: number, done: () => Promise<boolean>, realTimeoutMs?: number): Promise<boolean>;
  close(): Promise<void>;
}

export async function startLocalSystem(
  options: { functionEnv?: Readonly<Record<string, string>> } = {},
): Promise<LocalSystem> {
  const codeRoot = await buildOnce();
  const cloud = await startLocalCloud({ seed: 'demo', startTimeMs: Date.parse('2026-03-02T08:00:00Z') });
  const runtime = await startLocalRuntime({
    cloud,
    sYamlPath: join(root, 's.yaml'),
    codeRoot,
    functionEnv: {
      ROLLGATE_CLOCK_URL: `${cloud.url}/_local/clock`,
      LOG_LEVEL: process.env['FN_LOG_LEVEL'] ?? 'silent',
      ...options.functionEnv,
    },
    onLog: process.env['FN_LOG_LEVEL'] ? (fn, line) => console.log(`[${fn}] ${line}`) : () => {},
  });
  const clients = createCloudClients(loadCloudConfig(cloud.clientEnv()), { sleep: async () => {} });
  await runtime.settle();
  const mns = cloud.world().mns;
  async function deliver(): Promise<void> {
    // A function may publish (events → notifier): deliver until nothing new is due.
    for (let round = 0; round < 20; round += 1) {
      cloud.clock.advance(0);
      await mns.idle();
      if (mns.inFlightDeliveries() === 0 && cloud.clock.nextDueIn() !== 0) return;
    }
  }
  return {
    cloud,
    runtime,
    clients,
    deliver,
    async advance(seconds, step = 5) {
      for (let done = 0; done < seconds; done += step) {
        cloud.clock.advance(Math.min(step, seconds - done));
        await deliver();
      }
    },
    async advanceUntil(seconds, done, realTimeoutMs = 20_000) {
      cloud.clock.advance(seconds);
      const deadline = Date.now() + realTimeoutMs;
      while (Date.now() < deadline) {
        if (await done()) return true;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      return done();
    },
    close: async () => {
      await runtime.close();
      await cloud.close();
    },
  };
}

export function groupId(system: LocalSystem, name: string): string {
  const group = system.cloud
    .world()
    .ess.listGroups()
    .find((g) => g.scalingGroupName === name);
  if (!group) throw new Error(`no group named ${name}`);
  return group.scalingGroupId;
}

export async function rollingExecutions(system: LocalSystem) {
  return system.clients.oos.listAllExecutions({ templateName: 'ACS-ESS-RollingUpdate' });
}
