// Bench fleets: many managed groups on the newest image of family app-base,
// seeded through the local cloud's admin API.
import type { RunningLocalCloud } from '../../local/cloud/index';

export interface BenchFleet {
  groups: number;
  instancesPerGroup: number;
  canaryGroups: number;
  /** Finished image rollouts per group, one a week apart (seed `finishedRollouts`). */
  finishedRollouts?: number;
}

export async function seedBenchFleet(cloud: RunningLocalCloud, fleet: BenchFleet): Promise<{ seedMs: number }> {
  const groups = Array.from({ length: fleet.groups }, (_, i) => ({
    name: `bench-${String(i).padStart(5, '0')}`,
    instances: fleet.instancesPerGroup,
    imageFamily: 'app-base',
    tags: { 'rollgate:managed': 'true', 'rollgate:wave': i < fleet.canaryGroups ? 'canary' : 'prod' },
    finishedRollouts: fleet.finishedRollouts ?? 0,
  }));
  const started = performance.now();
  const response = await fetch(`${cloud.url}/_local/seed`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ fleet: { images: [{ name: 'app-base-bench-1', family: 'app-base', ageDays: 5 }], groups } }),
  });
  if (!response.ok) throw new Error(`seeding failed: HTTP ${response.status} ${await response.text()}`);
  return { seedMs: Math.round(performance.now() - started) };
}

/** Every RPC/REST call of every product gets this much latency (admin faults). */
export async function injectLatency(cloud: RunningLocalCloud, latencyMs: number): Promise<void> {
  const response = await fetch(`${cloud.url}/_local/faults`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ rules: [{ latencyMs }] }),
  });
  if (!response.ok) throw new Error(`faults: HTTP ${response.status} ${await response.text()}`);
}
