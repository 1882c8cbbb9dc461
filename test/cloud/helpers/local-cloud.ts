// Starts the local cloud on 127.0.0.1 (ephemeral port) and builds rollgate's
// cloud clients against it, with retry waits that cost no real time.
import { startLocalCloud, type RunningLocalCloud } from '../../../local/cloud/index';
import {
  createCloudClients,
  type AttemptEvent,
  type CloudClients,
  type CloudConfig,
} from '../../../shared/cloud/index';

export interface SeededFleet {
  images: Record<string, string>;
  groups: Record<
    string,
    { scalingGroupId: string; scalingConfigurationId: string; imageId: string; instanceIds: string[] }
  >;
}

export interface ClientsUnderTest {
  cloud: CloudClients;
  attempts: AttemptEvent[];
  sleeps: number[];
  /** Attempts of one operation, e.g. `ess:DescribeScalingGroups`. */
  attemptsOf(operation: string): AttemptEvent[];
}

export function localConfig(lc: RunningLocalCloud, overrides: Partial<CloudConfig> = {}): CloudConfig {
  return {
    regionId: lc.regionId,
    accountId: lc.accountId,
    credentials: { accessKeyId: lc.accessKeyId, accessKeySecret: lc.accessKeySecret },
    endpoint: lc.url,
    retry: { maxAttempts: 5, maxTotalMs: 20_000, baseDelayMs: 200, maxDelayMs: 5_000 },
    connectTimeoutMs: 2_000,
    readTimeoutMs: 10_000,
    ...overrides,
  };
}

export function clientsFor(lc: RunningLocalCloud, overrides: Partial<CloudConfig> = {}): ClientsUnderTest {
  const attempts: AttemptEvent[] = [];
  const sleeps: number[] = [];
  let now = 0;
  const cloud = createCloudClients(localConfig(lc, overrides), {
    sleep: async (ms) => {
      sleeps.push(ms);
      now += ms;
    },
    random: () => 0.5,
    now: () => now,
    onAttempt: (e) => attempts.push(e),
  });
  return { cloud, attempts, sleeps, attemptsOf: (op) => attempts.filter((a) => a.operation === op) };
}

async function admin(lc: RunningLocalCloud, method: string, path: string, body?: unknown): Promise<unknown> {
  const res = await fetch(`${lc.url}${path}`, {
    method,
    headers: { 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`admin ${method} ${path} → ${res.status}: ${text}`);
  return JSON.parse(text) as unknown;
}

export async function seed(lc: RunningLocalCloud, fleet: unknown): Promise<SeededFleet> {
  return (await admin(lc, 'POST', '/_local/seed', fleet)) as SeededFleet;
}

export async function injectFaults(lc: RunningLocalCloud, faults: unknown): Promise<void> {
  await admin(lc, 'POST', '/_local/faults', faults);
}

export async function clearFaults(lc: RunningLocalCloud): Promise<void> {
  await admin(lc, 'DELETE', '/_local/faults');
}

export { startLocalCloud };
