// Maintenance windows as deployed: the functions from s.yaml on the local
// runtime, with a policy whose target rolls out only inside a window.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { parse, stringify } from 'yaml';
import { compilePolicy } from '../../shared/domain/parse-policy';
import { buildOnce, groupId, rollingExecutions, startLocalSystem, type LocalSystem } from './local-system';

const root = new URL('../..', import.meta.url).pathname;

/** The example policy with one window: every day at 08:03:30 UTC for two hours (the system starts at 08:00:00). */
function windowedPolicy(): string {
  const policy = parse(readFileSync(join(root, 'rollgate.yaml'), 'utf8')) as {
    windows?: unknown[];
    targets: Array<Record<string, unknown>>;
  };
  policy.windows = [
    ...(policy.windows ?? []),
    { name: 'morning', cron: '30 3 8 * * *', durationMinutes: 120, timeZone: 'UTC' },
  ];
  policy.targets[0]!['windows'] = ['morning'];
  // The functions read the policy compiled to JSON, as `npm run build` packages it.
  const compiled = compilePolicy(stringify(policy));
  if (!compiled.ok) throw new Error(JSON.stringify(compiled.errors));
  const path = join(mkdtempSync(join(tmpdir(), 'rollgate-window-policy-')), 'rollgate.json');
  writeFileSync(path, compiled.json);
  return path;
}

/** Advances simulated time one step at a time, letting every invocation the step caused finish. */
async function stepTo(system: LocalSystem, untilMs: number, stepSeconds: number): Promise<void> {
  const world = system.cloud.world();
  while (system.cloud.clock.now() < untilMs) {
    system.cloud.clock.advance(Math.min(stepSeconds, (untilMs - system.cloud.clock.now()) / 1000));
    await system.deliver();
    await world.fc.idle();
    await system.deliver();
  }
}

describe('maintenance windows on the local runtime', { timeout: 120_000 }, () => {
  let system: LocalSystem | undefined;
  before(async () => {
    await buildOnce();
    system = await startLocalSystem({ functionEnv: { ROLLGATE_POLICY: windowedPolicy() } });
  });
  after(async () => {
    await system?.close();
  });

  it('a request outside the window waits, and starts within seconds of the opening, not at the next timer tick', async () => {
    const s = system!;
    const opening = Date.parse('2026-03-02T08:03:30Z');
    // Act: an image published at 08:00, outside the window
    s.cloud.world().ecs.images.create({
      imageName: 'app-base-2026.03.02',
      imageFamily: 'app-base',
      tags: {},
      available: true,
      bootsUnhealthy: false,
    });
    await stepTo(s, opening - 5_000, 5);
    // Assess: nothing started before the opening (the timer ran at 08:01, 08:02 and 08:03)
    assert.equal((await rollingExecutions(s)).length, 0, 'no rollout before the window opens');
    const delayed = s.cloud
      .world()
      .fc.invocations()
      .filter((i) => i.functionName === 'rollgate-reconcile').length;
    assert.ok(delayed >= 3, `the timer reconcile ran (${delayed} runs)`);
    // Act: through the opening, one simulated second at a time (the next timer tick is 08:04:00)
    let started: Awaited<ReturnType<typeof rollingExecutions>> = [];
    for (let t = opening - 5_000; t <= opening + 20_000 && started.length === 0; t += 1_000) {
      s.cloud.clock.advance(1);
      await s.deliver();
      await new Promise((resolve) => setTimeout(resolve, 50));
      const deadline = Date.now() + 5_000;
      while (s.cloud.world().fc.inFlightCount() > 0 && started.length === 0 && Date.now() < deadline) {
        started = await rollingExecutions(s);
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      started = await rollingExecutions(s);
    }
    // Assess
    assert.equal(started.length, 1, 'the canary rollout started');
    assert.equal(started[0]!.tags['scaling_group'], groupId(s, 'web-canary'));
    const startedAt = Date.parse(started[0]!.startDate ?? '');
    assert.ok(startedAt >= opening, `started ${started[0]!.startDate}, not before the opening`);
    assert.ok(startedAt <= opening + 5_000, `started ${started[0]!.startDate}, within seconds of the 08:03:30 opening`);
  });
});
