// Phase 1: the embedded local cloud with the demo fleet, the function bundles
// built from this checkout, and the local runtime running them from s.yaml.
import { join } from 'node:path';
import { buildFunctions } from '../build';
import { createCloudClients, loadCloudConfig, type CloudClients } from '../../shared/cloud/index';
import { DEFAULT_EVENTS_TOPIC } from '../../shared/config';
import { startLocalCloud, type RunningLocalCloud } from '../../local/cloud/index';
import { DEMO_IMAGE_EVENTS_TOPIC } from '../../local/cloud/seed/demo';
import { startLocalRuntime, type LocalRuntime } from '../../local/runtime/index';

export const ROOT = new URL('../..', import.meta.url).pathname;
export const IMAGE_EVENTS_TOPIC = DEMO_IMAGE_EVENTS_TOPIC;
export const EVENTS_TOPIC = DEFAULT_EVENTS_TOPIC;

export interface DemoEnvironment {
  cloud: RunningLocalCloud;
  runtime: LocalRuntime;
  clients: CloudClients;
  /** Function log lines, kept for the report and for --serve. */
  functionLog: string[];
  close(): Promise<void>;
}

export async function startDemoEnvironment(opts: { timeScale: number; port: number; say: (line: string) => void }): Promise<DemoEnvironment> {
  opts.say('building the function bundles (esbuild) …');
  const names = await buildFunctions(join(ROOT, 'dist'));
  opts.say(`  ${names.join(', ')}`);

  const cloud = await startLocalCloud({ seed: 'demo', timeScale: opts.timeScale, port: opts.port });
  const world = cloud.world();
  world.mns.ensureTopic(EVENTS_TOPIC);
  world.mns.ensureTopic(IMAGE_EVENTS_TOPIC);
  opts.say(`local cloud on ${cloud.url} (account ${cloud.accountId}, region ${cloud.regionId}), simulated time x${opts.timeScale}`);

  const functionLog: string[] = [];
  const runtime = await startLocalRuntime({
    cloud,
    sYamlPath: join(ROOT, 's.yaml'),
    // Function logs (JSON lines) go to the report on failure; the live view stays readable.
    functionEnv: { ROLLGATE_CLOCK_URL: `${cloud.url}/_local/clock`, LOG_LEVEL: process.env['LOG_LEVEL'] || 'warn' },
    onLog: (fn, line) => {
      functionLog.push(`[${fn}] ${line}`);
      if (functionLog.length > 5000) functionLog.shift();
    },
  });
  opts.say(`functions from s.yaml: ${runtime.functions.map((f) => f.name).join(', ')}`);

  const clients = createCloudClients(
    loadCloudConfig({
      ALIBABA_CLOUD_REGION_ID: cloud.regionId,
      ALIBABA_CLOUD_ACCOUNT_ID: cloud.accountId,
      ALIBABA_CLOUD_ACCESS_KEY_ID: cloud.accessKeyId,
      ALIBABA_CLOUD_ACCESS_KEY_SECRET: cloud.accessKeySecret,
      ROLLGATE_ENDPOINT: cloud.url,
    }),
  );
  return {
    cloud,
    runtime,
    clients,
    functionLog,
    close: async () => {
      await runtime.close();
      await cloud.close();
    },
  };
}
