// Phase 1: the embedded local cloud with the demo fleet, the function bundles
// built from this checkout, and the local runtime running them from s.yaml.
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isMap, isSeq, parseDocument } from 'yaml';
import { buildFunctions, compiledPolicy } from '../build';
import { createCloudClients, loadCloudConfig, type CloudClients } from '../../shared/cloud/index';
import { COMPILED_POLICY_FILE_NAME, DEFAULT_EVENTS_TOPIC } from '../../shared/config';
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
  /** The policy the functions run with (rollgate.yaml; they read it compiled, `compiledPolicyPath`). */
  policyPath: string;
  /** The same policy compiled to JSON, as `npm run build` packages it beside each bundle. */
  compiledPolicyPath: string;
  /** Function log lines, kept for the report and for --serve. */
  functionLog: string[];
  /** The run's temporary folder (bundles, policy copy); close() removes it. */
  scratchDir: string;
  /** The webhook function's signing secret for this run (random; docs/webhook.md). */
  webhookSecret: string;
  close(): Promise<void>;
}

/**
 * rollgate.yaml with every HTTP health check on the port the local instances
 * listen on (the example policy says 8080, which another program may hold).
 */
function demoPolicy(probePort: number, dir: string): { yaml: string; json: string } {
  const doc = parseDocument(readFileSync(join(ROOT, 'rollgate.yaml'), 'utf8'));
  const targets = doc.get('targets');
  if (isSeq(targets)) {
    for (const target of targets.items) {
      if (isMap(target) && doc.hasIn(['targets', targets.items.indexOf(target), 'gate', 'checks', 'http'])) {
        target.setIn(['gate', 'checks', 'http', 'port'], probePort);
      }
    }
  }
  const path = join(dir, 'rollgate.yaml');
  writeFileSync(path, doc.toString());
  // The functions read the policy compiled to JSON (scripts/build.ts): the same check and file a build would give.
  const json = join(dir, COMPILED_POLICY_FILE_NAME);
  writeFileSync(json, compiledPolicy(path));
  return { yaml: path, json };
}

export async function startDemoEnvironment(opts: {
  timeScale: number | 'settled';
  port: number;
  say: (line: string) => void;
}): Promise<DemoEnvironment> {
  // One temporary folder for the run (bundles and the policy copy), removed by close() or when starting fails.
  const scratch = mkdtempSync(join(tmpdir(), 'rollgate-demo-'));
  const removeScratch = () => rmSync(scratch, { recursive: true, force: true });
  const stops: Array<() => Promise<void>> = [];
  try {
    opts.say('building the function bundles (esbuild) …');
    // A private build: what s.yaml's ./dist/<fn> paths resolve to for this run only.
    const codeRoot = join(scratch, 'code');
    mkdirSync(codeRoot);
    const names = await buildFunctions(join(codeRoot, 'dist'));
    opts.say(`  ${names.join(', ')}`);

    // Instances answer HTTP health probes on their loopback addresses, on a free port.
    const cloud = await startLocalCloud({
      seed: 'demo',
      timeScale: opts.timeScale,
      port: opts.port,
      probes: { enabled: true, port: 0 },
    });
    stops.unshift(() => cloud.close());
    const world = cloud.world();
    world.mns.ensureTopic(EVENTS_TOPIC);
    world.mns.ensureTopic(IMAGE_EVENTS_TOPIC);
    opts.say(
      `local cloud on ${cloud.url} (account ${cloud.accountId}, region ${cloud.regionId}), ` +
        (opts.timeScale === 'settled'
          ? 'simulated time settled (it moves only when nothing is at work)'
          : `simulated time x${opts.timeScale}`),
    );

    const probePort = cloud.probes.status().port;
    const { yaml: policyPath, json: compiledPolicyPath } = demoPolicy(probePort, scratch);
    opts.say(
      `instances answer health probes on port ${probePort}; the demo's copy of rollgate.yaml points its HTTP check there`,
    );

    const functionLog: string[] = [];
    const webhookSecret = randomBytes(18).toString('base64url');
    const runtime = await startLocalRuntime({
      cloud,
      sYamlPath: join(ROOT, 's.yaml'),
      codeRoot,
      // Function logs (JSON lines) go to the report on failure; the live view stays readable.
      functionEnv: {
        ROLLGATE_CLOCK_URL: `${cloud.url}/_local/clock`,
        ROLLGATE_POLICY: compiledPolicyPath,
        LOG_LEVEL: process.env['LOG_LEVEL'] || 'warn',
        ROLLGATE_WEBHOOK_SECRET: webhookSecret,
      },
      onLog: (fn, line) => {
        functionLog.push(`[${fn}] ${line}`);
        if (functionLog.length > 5000) functionLog.shift();
      },
    });
    stops.unshift(() => runtime.close());
    opts.say(`functions from s.yaml: ${runtime.functions.map((f) => f.name).join(', ')}`);

    const clients = createCloudClients(loadCloudConfig(cloud.clientEnv()));
    return {
      cloud,
      runtime,
      policyPath,
      compiledPolicyPath,
      clients,
      functionLog,
      scratchDir: scratch,
      webhookSecret,
      close: async () => {
        try {
          for (const stop of stops) await stop();
        } finally {
          removeScratch();
        }
      },
    };
  } catch (error) {
    for (const stop of stops) await stop().catch(() => undefined);
    removeScratch();
    throw error;
  }
}
