import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { batchNumberOf, parsePolicy, type PolicyError } from '../../shared/domain/index';

const EXAMPLE = readFileSync(new URL('../../rollgate.yaml', import.meta.url), 'utf8');

const MINIMAL = `
targets:
  - name: app
    select: { tags: { rollgate:managed: "true" } }
    image: { family: app-base }
`;

function errorsOf(yamlText: string): PolicyError[] {
  const result = parsePolicy(yamlText);
  assert.equal(result.ok, false, 'expected the policy to be refused');
  return result.ok ? [] : result.errors;
}

function errorAt(errors: PolicyError[], path: string): PolicyError {
  const found = errors.find((e) => e.path === path);
  assert.ok(found, `no error at ${path}; got ${JSON.stringify(errors)}`);
  return found;
}

describe('parsePolicy', () => {
  it('accepts the example rollgate.yaml matching the demo fleet', () => {
    // Act
    const result = parsePolicy(EXAMPLE);
    // Assess
    assert.equal(result.ok, true, JSON.stringify(!result.ok && result.errors));
    if (!result.ok) return;
    const [target] = result.policy.targets;
    assert.equal(target?.image?.family, 'app-base');
    assert.deepEqual(target?.select.tags, { 'rollgate:managed': 'true' });
    assert.deepEqual(
      target?.waves.map((w) => [w.name, w.select.tags?.['rollgate:wave'], w.soakSeconds]),
      [
        ['canary', 'canary', 120],
        ['prod', 'prod', 120],
      ],
    );
    assert.equal(batchNumberOf(target!.rollout), 3);
  });

  it('fills sane defaults into a minimal policy', () => {
    // Act
    const result = parsePolicy(MINIMAL);
    // Assess
    assert.ok(result.ok);
    const target = result.policy.targets[0]!;
    assert.equal(result.policy.maxConcurrentGroups, 1);
    assert.deepEqual(result.policy.notifications.channels, []);
    assert.deepEqual(target.rollout.enterProcess, [
      'ScaleIn',
      'ScaleOut',
      'HealthCheck',
      'AlarmNotification',
      'ScheduledAction',
    ]);
    assert.deepEqual(target.rollout.exitProcess, target.rollout.enterProcess);
    assert.equal(target.rollout.onFailure, 'rollback');
    assert.equal(target.rollout.maxErrors, 0);
    assert.equal(batchNumberOf(target.rollout), 5);
    assert.equal(target.gate.function, 'rollgate-health-check');
    assert.equal(target.gate.bakeSeconds, 60);
    assert.equal(target.gate.pollSeconds, 5);
    assert.equal(target.gate.checks.essHealth, true);
    assert.deepEqual(target.windows, []);
    assert.deepEqual(target.waves, []);
  });

  const batchCases: Array<[string, string, number]> = [
    ['batchNumber as given', 'batchNumber: 4', 4],
    ['batchPercent 34 → 3 batches', 'batchPercent: 34', 3],
    ['batchPercent 50 → 2 batches', 'batchPercent: 50', 2],
    ['batchPercent 100 → 1 batch', 'batchPercent: 100', 1],
    ['batchPercent 1 → 100 batches', 'batchPercent: 1', 100],
  ];
  for (const [name, line, expected] of batchCases) {
    it(`derives batchNumber: ${name}`, () => {
      // Act
      const result = parsePolicy(`${MINIMAL}    rollout: { ${line} }\n`);
      // Assess
      assert.ok(result.ok, JSON.stringify(!result.ok && result.errors));
      assert.equal(batchNumberOf(result.policy.targets[0]!.rollout), expected);
    });
  }

  it('accepts script and package targets', () => {
    // Prepare
    const text = `
targets:
  - name: web-script
    select: { names: ["web-*"] }
    script:
      revisions:
        - { revision: v1, content: "echo one", rollbackScript: "echo undo" }
        - { revision: v2, content: "echo two", commandType: RunShellScript }
  - name: agent
    select: { ids: [asg-1] }
    package: { name: agent, version: "1.2.0" }
`;
    // Act
    const result = parsePolicy(text);
    // Assess
    assert.ok(result.ok, JSON.stringify(!result.ok && result.errors));
    assert.equal(result.policy.targets[0]?.script?.revisions[1]?.commandType, 'RunShellScript');
    assert.equal(result.policy.targets[0]?.script?.revisions[0]?.rollbackScript, 'echo undo');
    assert.equal(result.policy.targets[1]?.package?.action, 'install');
  });

  describe('refuses bad input with path, value and what is allowed', () => {
    it('non-compliant: unknown key at the top level', () => {
      const errors = errorsOf(`${MINIMAL}colour: blue\n`);
      const e = errorAt(errors, 'colour');
      assert.equal(e.value, 'blue');
      assert.match(e.allowed, /targets/);
      assert.match(e.allowed, /maxConcurrentGroups/);
    });

    it('non-compliant: unknown key inside a nested object', () => {
      const errors = errorsOf(`${MINIMAL}    gate: { bakeSecs: 30 }\n`);
      const e = errorAt(errors, 'targets[0].gate.bakeSecs');
      assert.equal(e.value, 30);
      assert.match(e.allowed, /bakeSeconds/);
    });

    it('non-compliant: batchNumber out of range', () => {
      const e = errorAt(errorsOf(`${MINIMAL}    rollout: { batchNumber: 101 }\n`), 'targets[0].rollout.batchNumber');
      assert.equal(e.value, 101);
      assert.match(e.allowed, /<= 100/);
    });

    it('non-compliant: batchNumber and batchPercent together', () => {
      const e = errorAt(
        errorsOf(`${MINIMAL}    rollout: { batchNumber: 2, batchPercent: 50 }\n`),
        'targets[0].rollout',
      );
      assert.match(e.message, /not both/);
      assert.match(e.allowed, /batchNumber .* or batchPercent/);
    });

    it('non-compliant: checkSeconds shorter than two poll intervals', () => {
      const e = errorAt(
        errorsOf(`${MINIMAL}    gate: { pollSeconds: 10, checkSeconds: 15 }\n`),
        'targets[0].gate.checkSeconds',
      );
      assert.equal(e.value, 15);
      assert.match(e.message, /less than 2 × pollSeconds \(20\)/);
      assert.match(e.allowed, /20 to 299/);
    });

    it('non-compliant: unknown failure action', () => {
      const e = errorAt(errorsOf(`${MINIMAL}    rollout: { onFailure: explode }\n`), 'targets[0].rollout.onFailure');
      assert.equal(e.value, 'explode');
      assert.match(e.allowed, /"rollback", "hold", "cancel"/);
    });

    it('non-compliant: wrong type names the expected type', () => {
      const e = errorAt(errorsOf(`${MINIMAL}maxConcurrentGroups: many\n`), 'maxConcurrentGroups');
      assert.equal(e.value, 'many');
      assert.equal(e.allowed, 'number');
    });

    it('non-compliant: missing required key', () => {
      const e = errorAt(errorsOf('maxConcurrentGroups: 2\n'), 'targets');
      assert.equal(e.value, undefined);
      assert.match(e.message, /required/);
      assert.equal(e.allowed, 'array');
    });

    for (const region of ['cn-qingdao', 'cn-wulanchabu', 'cn-heyuan', 'us-west-1', 'me-east-1']) {
      it(`non-compliant: region ${region} has no OOS`, () => {
        const e = errorAt(errorsOf(`region: ${region}\n${MINIMAL}`), 'region');
        assert.equal(e.value, region);
        assert.match(e.message, /has no OOS/);
        assert.match(e.allowed, /a region with OOS/);
      });
    }

    it('compliant: a region with OOS', () => {
      assert.equal(parsePolicy(`region: cn-shanghai\n${MINIMAL}`).ok, true);
    });

    it('non-compliant: target without a kind', () => {
      const e = errorAt(errorsOf('targets:\n  - name: app\n    select: { ids: [asg-1] }\n'), 'targets[0]');
      assert.match(e.message, /one of image, script, package/);
      assert.equal(e.allowed, 'exactly one of image, script, package');
    });

    it('non-compliant: target with two kinds', () => {
      const e = errorAt(errorsOf(`${MINIMAL}    package: { name: a, version: "1" }\n`), 'targets[0]');
      assert.match(e.message, /image and package/);
    });

    it('non-compliant: empty selector', () => {
      const e = errorAt(
        errorsOf('targets:\n  - name: app\n    select: {}\n    image: { family: f }\n'),
        'targets[0].select',
      );
      assert.equal(e.allowed, 'tags, ids, names');
    });

    it('non-compliant: invalid cron in a window', () => {
      const e = errorAt(
        errorsOf(`${MINIMAL}    windows: [{ cron: "0 2 * *", durationMinutes: 60 }]\n`),
        'targets[0].windows[0].cron',
      );
      assert.equal(e.value, '0 2 * *');
      assert.match(e.message, /5 or 6 fields/);
    });

    it('non-compliant: unknown time zone', () => {
      const e = errorAt(
        errorsOf(`${MINIMAL}    windows: [{ cron: "0 2 * * *", durationMinutes: 60, timeZone: Mars/Olympus }]\n`),
        'targets[0].windows[0].timeZone',
      );
      assert.equal(e.value, 'Mars/Olympus');
      assert.match(e.allowed, /IANA/);
    });

    it('non-compliant: blackout date not YYYY-MM-DD', () => {
      const e = errorAt(
        errorsOf(`${MINIMAL}    windows: [{ cron: "0 2 * * *", durationMinutes: 60, blackoutDates: ["1 May"] }]\n`),
        'targets[0].windows[0].blackoutDates[0]',
      );
      assert.equal(e.value, '1 May');
      assert.match(e.allowed, /YYYY-MM-DD/);
    });

    it('non-compliant: allowedFailedInstances neither count nor percentage', () => {
      const e = errorAt(
        errorsOf(`${MINIMAL}    gate: { allowedFailedInstances: "lots" }\n`),
        'targets[0].gate.allowedFailedInstances',
      );
      assert.equal(e.value, 'lots');
      assert.match(e.allowed, /percentage/);
    });

    it('compliant: allowedFailedInstances as a percentage', () => {
      const result = parsePolicy(`${MINIMAL}    gate: { allowedFailedInstances: "10%" }\n`);
      assert.ok(result.ok);
      assert.equal(result.policy.targets[0]?.gate.allowedFailedInstances, '10%');
    });

    it('non-compliant: script current names no revision', () => {
      const text =
        'targets:\n  - name: s\n    select: { ids: [asg-1] }\n    script: { current: v9, revisions: [{ revision: v1, content: "true" }] }\n';
      const e = errorAt(errorsOf(text), 'targets[0].script.current');
      assert.equal(e.value, 'v9');
      assert.equal(e.allowed, 'v1');
    });

    it('non-compliant: duplicate target names', () => {
      const text = `${MINIMAL}  - name: app\n    select: { ids: [asg-1] }\n    image: { family: other }\n`;
      const e = errorAt(errorsOf(text), 'targets');
      assert.match(e.message, /duplicate target name app/);
    });

    it('non-compliant: unknown notification channel type', () => {
      const e = errorAt(
        errorsOf(`${MINIMAL}notifications: { channels: [{ name: ops, type: pager, url: "https://example.com/x" }] }\n`),
        'notifications.channels[0].type',
      );
      assert.match(e.allowed, /dingtalk/);
    });

    it('non-compliant: YAML syntax error', () => {
      const errors = errorsOf('targets: [\n');
      assert.equal(errors[0]?.path, '');
      assert.match(errors[0]?.message ?? '', /^YAML/);
      assert.equal(errors[0]?.allowed, 'valid YAML');
    });

    it('non-compliant: an empty document', () => {
      const e = errorAt(errorsOf(''), '');
      assert.equal(e.allowed, 'object');
    });
  });
});
