// planAt: the planner's verdicts at a chosen time, read only, as `plan --at` shows them.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { planAt } from '../../shared/controller/plan-at';
import { parsePolicy } from '../../shared/domain/policy';
import { groupIdByName, localControllerPerTest, publishImage, rollingExecutions } from './local-deps';

const POLICY = `
maxConcurrentGroups: 3
windows:
  - { name: nightly, cron: "0 22 * * *", durationMinutes: 120, timeZone: Asia/Shanghai }
targets:
  - name: app
    select: { tags: { rollgate:managed: "true" } }
    image: { family: app-base }
    windows: [nightly]
`;

describe('planAt', () => {
  const lc = localControllerPerTest();

  it('shows each group waiting for its window outside it, and starting inside it, without starting anything', async () => {
    const parsed = parsePolicy(POLICY);
    assert.ok(parsed.ok);
    const deps = { ...lc().deps, policy: parsed.policy };
    publishImage(lc(), 'app-base-2026.03.02');
    const canary = groupIdByName(lc(), 'web-canary');
    // Act: 10:00 and 22:30 in Shanghai on 2026-03-02
    const outside = await planAt(deps, new Date('2026-03-02T02:00:00Z'));
    const inside = await planAt(deps, new Date('2026-03-02T14:30:00Z'));
    // Assess
    assert.deepEqual(
      outside.filter((d) => d.groupId === canary).map((d) => [d.reason, d.detail]),
      [['window-closed', 'waiting for window nightly, opens 2026-03-02T22:00+08:00']],
    );
    assert.deepEqual(
      inside.filter((d) => d.verdict !== 'unmanaged').map((d) => d.verdict),
      ['start', 'start', 'start'],
    );
    assert.ok(outside.filter((d) => d.verdict !== 'unmanaged').every((d) => d.reason === 'window-closed'));
    assert.equal((await rollingExecutions(lc())).length, 0, 'planning started nothing');
  });

  it('refuses a time that is not one, naming the field', async () => {
    await assert.rejects(planAt(lc().deps, new Date('next tuesday')), /^RangeError: at: /);
  });
});
