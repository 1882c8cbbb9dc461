// The rollgate CLI, in process, against a local cloud (--endpoint) with the
// gate driven turn by turn: every command with --json parsed, exit codes,
// credentials from an aliyun CLI profile, and `rollout --wait` failing on a
// rollout that is rolled back.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { parse, stringify } from 'yaml';
import { main } from '../../cli/main';
import { startGateCloud, type GateCloud } from '../gate/gate-cloud';
import { fakeTerminal, type FakeTerminal } from '../rollout-view/fake-terminal';

interface Run {
  code: number;
  out: string;
  err: string;
  json: () => Record<string, unknown>;
}

function cli(gc: GateCloud, extraEnv: Record<string, string> = {}, terminal?: FakeTerminal) {
  const dir = mkdtempSync(join(tmpdir(), 'rollgate-cli-'));
  const policy = join(dir, 'rollgate.yaml');
  writeFileSync(policy, stringify(gc.policy));
  const env = gc.cloud.clientEnv();
  const baseEnv = {
    HOME: dir,
    ALIBABA_CLOUD_ACCESS_KEY_ID: env['ALIBABA_CLOUD_ACCESS_KEY_ID'] ?? '',
    ALIBABA_CLOUD_ACCESS_KEY_SECRET: env['ALIBABA_CLOUD_ACCESS_KEY_SECRET'] ?? '',
    ALIBABA_CLOUD_REGION_ID: gc.cloud.regionId,
    LOG_LEVEL: 'silent',
    ...extraEnv,
  };
  const run = async (...args: string[]): Promise<Run> => {
    const out: string[] = [];
    const err: string[] = [];
    const code = await main(
      [...args, '--endpoint', gc.cloud.url, ...(args.includes('--policy') ? [] : ['--policy', policy])],
      {
        stdout: (t) => out.push(t),
        stderr: (t) => err.push(t),
        env: baseEnv,
        cwd: dir,
        tty: terminal !== undefined,
        ...(terminal === undefined ? {} : { terminal }),
      },
    );
    return {
      code,
      out: out.join('\n'),
      err: err.join('\n'),
      json: () => JSON.parse(out.join('\n')) as Record<string, unknown>,
    };
  };
  return { run, dir, policy };
}

function newImage(gc: GateCloud, name: string, unhealthy = false): string {
  return gc.cloud
    .world()
    .ecs.images.create({ imageName: name, imageFamily: 'pinned', tags: {}, available: true, bootsUnhealthy: unhealthy })
    .imageId;
}

const newest = (gc: GateCloud, group: string) => gc.executions(group).at(-1)?.status;

describe('rollgate CLI commands', () => {
  let gc: GateCloud;
  let run: ReturnType<typeof cli>['run'];
  let dir: string;
  let image: string;
  before(async () => {
    gc = await startGateCloud({ suspended: { 'web-canary': ['ScheduledAction'] } });
    ({ run, dir } = cli(gc));
    image = newImage(gc, 'app-pinned');
  });
  after(() => gc.close());

  it('status --json lists every managed group; status GROUP one', async () => {
    const all = await run('status', '--json');
    assert.equal(all.code, 0, all.err);
    assert.deepEqual((all.json()['groups'] as Array<{ name: string }>).map((g) => g.name).sort(), [
      'web-canary',
      'web-prod',
    ]);
    const one = await run('status', 'web-prod', '--json');
    assert.deepEqual(
      (one.json()['groups'] as Array<{ name: string }>).map((g) => g.name),
      ['web-prod'],
    );
    const human = await run('status');
    assert.match(human.out, /web-canary/);
    assert.ok(!human.out.includes('\u001b['), 'no colour when stdout is not a terminal');
  });

  it('plan --json --at answers for the instant asked, changing nothing', async () => {
    const plan = await run('plan', '--at', '2026-03-02T10:00:00Z', '--json');
    assert.equal(plan.code, 0, plan.err);
    assert.equal(plan.json()['at'], '2026-03-02T10:00:00.000Z');
    assert.equal(gc.executions('web-canary').length, 0);
    assert.equal((await run('plan', '--at', 'soon')).code, 2);
  });

  it('freeze --reason and unfreeze, unchanged the second time, shown by status', async () => {
    const first = await run('freeze', '--reason', 'incident 42', '--json');
    const second = await run('freeze', '--reason', 'incident 42');
    const shown = await run('status');
    const missingReason = await run('freeze');
    const lifted = await run('unfreeze', '--json');
    const after = await run('status', '--json');
    assert.equal(first.code, 0, first.err);
    assert.equal(first.json()['result'], 'updated');
    assert.match(second.out, /freeze: unchanged — frozen: incident 42/);
    assert.match(shown.out, /FROZEN \(operation since [^)]+\): incident 42/);
    assert.match(shown.out, /wait: frozen/);
    assert.equal(missingReason.code, 2);
    assert.match(missingReason.err, /--reason/);
    assert.equal(lifted.json()['result'], 'updated');
    assert.equal(after.json()['freeze'], undefined);
  });

  it('refuses bad usage with exit 2 and a rejected revision with exit 3', async () => {
    assert.equal((await run('status', '--colour')).code, 2);
    assert.equal((await run('pause')).code, 2);
    assert.equal((await run('frobnicate')).code, 2);
    assert.equal((await run('status', 'no-such-group', '--json')).code, 2);
    const missing = await run('rollout', '--group', 'web-canary', '--script', 'v9', '--reason', 'r', '--json');
    assert.equal(missing.code, 3);
    assert.equal((JSON.parse(missing.err) as { error: { code: string } }).error.code, 'unprocessable');
  });

  it('rollout --json pins and starts; the second time says unchanged', async () => {
    const first = await run('rollout', '--group', 'web-canary', '--image', image, '--reason', 'release 42', '--json');
    assert.equal(first.code, 0, first.err);
    assert.equal(first.json()['result'], 'updated');
    assert.equal((first.json()['groups'] as Array<{ fate: string }>)[0]?.fate, 'started');
    const second = await run('rollout', '--group', 'web-canary', '--image', image, '--reason', 'release 42', '--json');
    assert.equal(second.json()['result'], 'unchanged');
  });

  it('pause, resume, approve and events with --json', async () => {
    assert.equal((await run('pause', 'web-canary', '--reason', 'look', '--json')).json()['result'], 'done');
    assert.equal((await run('pause', 'web-canary', '--json')).json()['result'], 'unchanged');
    assert.equal((await run('resume', 'web-canary', '--json')).json()['result'], 'done');
    const approve = await run('approve', 'web-prod', '--json');
    assert.equal(approve.code, 3, 'nothing held: a conflict');
    const events = await run('events', '--group', 'web-canary', '--json');
    assert.equal(events.code, 0, events.err);
    assert.deepEqual(
      (events.json()['events'] as Array<{ type: string }>).map((e) => e.type),
      ['rollout.started'],
    );
  });

  it('abort cancels and cleans up; retry lets the revision roll again; rollback undoes it', async () => {
    await gc.gateUntil(() => newest(gc, 'web-canary') === 'Waiting', 600);
    const aborted = await run('abort', 'web-canary', '--reason', 'stop', '--json');
    assert.equal(aborted.code, 0, aborted.err);
    assert.equal(aborted.json()['result'], 'done');
    const canary = gc.groups['web-canary']!.scalingGroupId;
    assert.deepEqual(gc.cloud.world().ess.getGroup(canary).suspendedProcesses, ['ScheduledAction']);
    assert.deepEqual(
      gc.cloud
        .world()
        .ess.listInstances(canary)
        .filter((i) => i.lifecycleState === 'Standby'),
      [],
    );
    const retried = await run('retry', 'web-canary', '--json');
    assert.equal(retried.json()['result'], 'done');
    await gc.gateUntil(() => newest(gc, 'web-canary') === 'Waiting', 600);
    const rolledBack = await run('rollback', 'web-canary', '--reason', 'bad', '--json');
    assert.equal(rolledBack.code, 0, rolledBack.err);
    assert.equal(rolledBack.json()['result'], 'done');
    assert.equal((await run('rollback', 'web-canary', '--json')).json()['result'], 'unchanged');
  });

  it('validate --json lists each problem with line, column, allowed values and a did-you-mean', async () => {
    const bad = join(dir, 'bad.yaml');
    writeFileSync(
      bad,
      'version: 1\ntargets:\n  - name: app\n    select: { tags: { a: b } }\n    image: { family: app }\n    rolout: { batchNumber: 2 }\n',
    );
    const result = await run('validate', '--policy', bad, '--json');
    assert.equal(result.code, 1);
    const problems = result.json()['problems'] as Array<Record<string, unknown>>;
    const misspelt = problems.find((p) => p['path'] === 'targets[0].rolout');
    assert.deepEqual(
      { line: misspelt?.['line'], column: misspelt?.['column'], didYouMean: misspelt?.['didYouMean'] },
      { line: 6, column: 5, didYouMean: 'rollout' },
    );
    assert.match(String(misspelt?.['allowed']), /rollout/);
  });

  it('validate warns when the policy has network checks and the s.yaml beside it deploys the health check without a VPC', async () => {
    const repo = join(import.meta.dirname, '..', '..');
    const project = mkdtempSync(join(tmpdir(), 'rollgate-validate-'));
    const policy = join(project, 'rollgate.yaml');
    writeFileSync(policy, readFileSync(join(repo, 'rollgate.yaml')));
    const sYaml = parse(readFileSync(join(repo, 's.yaml'), 'utf8')) as {
      resources: Record<string, { props: Record<string, unknown> }>;
    };
    const healthCheck = Object.entries(sYaml.resources).find(
      ([, r]) => r.props['functionName'] === 'rollgate-health-check',
    );
    assert.ok(healthCheck, 'the project s.yaml deploys the health check');
    delete healthCheck[1].props['vpcConfig'];
    writeFileSync(join(project, 's.yaml'), stringify(sYaml));
    const beside = await run('validate', '--policy', policy, '--json');
    assert.equal(beside.code, 0, 'a warning does not fail validation');
    const warnings = beside.json()['warnings'] as Array<{ field: string; message: string }>;
    assert.deepEqual(
      warnings.map((w) => w.field),
      [`resources.${healthCheck[0]}.props.vpcConfig`],
    );
    assert.match(warnings[0]?.message ?? '', /has no vpcConfig/);
    assert.match((await run('validate', '--policy', policy)).out, /warning: rollgate-health-check has no vpcConfig/);
    const pointed = await run('validate', '--policy', policy, '--s-yaml', join(repo, 's.yaml'), '--json');
    assert.deepEqual(pointed.json()['warnings'], [], "the project's s.yaml has the VPC");
    assert.equal((await run('validate', '--policy', policy, '--s-yaml', join(project, 'missing.yaml'))).code, 2);
  });

  it("reads the local cloud's simulated clock when ROLLGATE_ENDPOINT names the local cloud, as --endpoint does", async () => {
    const env = gc.cloud.clientEnv();
    const out: string[] = [];
    const io = { stdout: (t: string) => out.push(t), stderr: () => undefined, cwd: dir, tty: false };
    const vars = {
      HOME: dir,
      ROLLGATE_ENDPOINT: gc.cloud.url,
      ALIBABA_CLOUD_ACCESS_KEY_ID: env['ALIBABA_CLOUD_ACCESS_KEY_ID'] ?? '',
      ALIBABA_CLOUD_ACCESS_KEY_SECRET: env['ALIBABA_CLOUD_ACCESS_KEY_SECRET'] ?? '',
      ALIBABA_CLOUD_REGION_ID: gc.cloud.regionId,
      LOG_LEVEL: 'silent',
    };
    gc.cloud.clock.advance(86_400);
    assert.equal(await main(['status', '--json', '--policy', join(dir, 'rollgate.yaml')], { ...io, env: vars }), 0);
    assert.equal((JSON.parse(out.join('\n')) as { at: string }).at, new Date(gc.cloud.clock.now()).toISOString());
  });

  it('reads credentials from an aliyun CLI profile with --profile', async () => {
    const env = gc.cloud.clientEnv();
    const { run: withProfile, dir: home } = cli(gc, {
      ALIBABA_CLOUD_ACCESS_KEY_ID: '',
      ALIBABA_CLOUD_ACCESS_KEY_SECRET: '',
    });
    mkdirSync(join(home, '.aliyun'));
    const profile = {
      name: 'local',
      mode: 'AK',
      access_key_id: env['ALIBABA_CLOUD_ACCESS_KEY_ID'],
      access_key_secret: env['ALIBABA_CLOUD_ACCESS_KEY_SECRET'],
      region_id: gc.cloud.regionId,
    };
    writeFileSync(
      join(home, '.aliyun', 'config.json'),
      JSON.stringify({
        current: 'other',
        profiles: [{ name: 'other', mode: 'AK', access_key_id: 'x', access_key_secret: 'y' }, profile],
      }),
    );
    assert.equal((await withProfile('status', '--profile', 'local', '--json')).code, 0);
    assert.equal((await withProfile('status', '--profile', 'missing', '--json')).code, 2);
    assert.equal((await withProfile('status', '--json')).code, 1, 'the current profile has keys the cloud refuses');
  });
});

describe('rollgate rollout --wait', () => {
  let gc: GateCloud;
  after(() => gc.close());

  it('follows a rollout the gate rolls back and exits 1', async () => {
    gc = await startGateCloud({ rollout: { onFailure: 'rollback' } });
    const { run } = cli(gc);
    const broken = newImage(gc, 'app-broken', true);
    let settled = false;
    const waiting = run(
      'rollout',
      '--group',
      'web-canary',
      '--image',
      broken,
      '--reason',
      'try',
      '--wait',
      '--interval',
      '0.02',
      '--json',
    ).finally(() => {
      settled = true;
    });
    for (let i = 0; i < 3000 && !settled; i++) {
      await gc.gateTurn();
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    const result = await waiting;
    assert.equal(result.code, 1, result.err);
    const outcome = (result.json()['outcomes'] as Record<string, string>)[gc.groups['web-canary']!.scalingGroupId];
    assert.equal(outcome, 'rolled back');
  });
});

describe('rollgate rollout --wait on a terminal', () => {
  let gc: GateCloud;
  after(() => gc.close());

  async function waitOn(terminal: FakeTerminal, ...extra: string[]): Promise<Run> {
    const { run } = cli(gc, {}, terminal);
    const broken = newImage(gc, `app-broken-${extra.length}`, true);
    let settled = false;
    const waiting = run(
      'rollout',
      '--group',
      'web-canary',
      '--image',
      broken,
      '--reason',
      'try',
      '--wait',
      '--interval',
      '0.02',
      ...extra,
    ).finally(() => {
      settled = true;
    });
    for (let i = 0; i < 3000 && !settled; i++) {
      await gc.gateTurn();
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    return waiting;
  }

  it('draws the live view in place, and plain lines with --no-progress', async () => {
    gc = await startGateCloud({ rollout: { onFailure: 'rollback' } });
    const terminal = fakeTerminal(120, 30);
    const live = await waitOn(terminal);
    assert.equal(live.code, 1, live.err);
    await terminal.flush();
    const screen = terminal.lines();
    assert.equal(
      screen.filter((l) => l.startsWith('rollout at ')).length,
      1,
      `one frame, redrawn in place:\n${screen.join('\n')}`,
    );
    assert.ok(
      screen.some((l) => /web-canary .*rolled back/.test(l) && l.includes('%')),
      `the group's line with its bar and outcome:\n${screen.join('\n')}`,
    );
    assert.ok(
      screen.some((l) => l.includes(`web-canary (${gc.groups['web-canary']!.scalingGroupId}): rolled back`)),
      screen.join('\n'),
    );
    terminal.dispose();

    gc.close();
    gc = await startGateCloud({ rollout: { onFailure: 'rollback' } });
    const untouched = fakeTerminal(120, 30);
    const plain = await waitOn(untouched, '--no-progress');
    await untouched.flush();
    assert.deepEqual(untouched.lines(), [], '--no-progress leaves the terminal to plain output');
    assert.match(plain.out, /web-canary: rolled back/, `${plain.code} ${plain.err}`);
    untouched.dispose();
  });
});

describe('rollgate status: the gate verdict', () => {
  let gc: GateCloud;
  after(() => gc.close());

  it('shows the last gate verdict with the reason of the latest health-check answer', async () => {
    gc = await startGateCloud({ rollout: { onFailure: 'hold' } });
    const { run } = cli(gc);
    const broken = newImage(gc, 'app-broken', true);
    assert.equal(
      (await run('rollout', '--group', 'web-canary', '--image', broken, '--reason', 'try', '--json')).code,
      0,
    );
    type Gate = { verdict?: string; reasons?: string[] };
    let gate: Gate | undefined;
    for (let i = 0; i < 400 && gate?.verdict !== 'fail'; i++) {
      await gc.gateTurn();
      gate = ((await run('status', 'web-canary', '--json')).json()['groups'] as Array<{ gate?: Gate }>)[0]?.gate;
    }
    assert.equal(gate?.verdict, 'fail');
    assert.equal(gate?.reasons?.length, 1, JSON.stringify(gate));
    assert.match(gate?.reasons?.[0] ?? '', /\S/);
    assert.ok((gate?.reasons?.[0] ?? '').length <= 128, 'fits an ESS tag value');
    const human = await run('status', 'web-canary');
    assert.ok(human.out.includes((gate?.reasons?.[0] ?? '').slice(0, 20)), human.out);
  });
});
