// rollgate: the operator's command line over shared/operations (the webhook
// calls the same code). `rollgate help` lists the commands.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import type { Env } from '../shared/config';
import type { GroupStatus } from '../shared/operations/status';
import { CloudError } from '../shared/cloud/errors';
import {
  deployWarningsOf,
  events,
  freeze,
  groupAction,
  GROUP_ACTIONS,
  OperationError,
  parseAt,
  planAt,
  rollout,
  status,
  unfreeze,
  validatePolicyText,
  type GroupAction,
} from '../shared/operations/index';
import { cliDeps, policyPathOf, type GlobalOptions } from './deps';
import type { ViewOutput } from '../shared/rollout-view/index';
import { follow, type FollowOutcome, type ProgressSink } from './follow';
import { liveSink } from './live-sink';
import {
  colorsFor,
  renderAction,
  renderEvents,
  renderFreeze,
  renderPlan,
  renderRollout,
  renderStatus,
  renderValidate,
  type Colors,
} from './render';
import { EXIT, UsageError } from './usage';

export interface CliIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  env: Env;
  cwd: string;
  /** Colour and tables for a person; `--json` is for programs either way. */
  tty: boolean;
  /** stdout as a stream, for the live view of `rollout --wait` when it is a terminal. */
  terminal?: ViewOutput;
}

export const USAGE = `usage: rollgate <command> [options]

commands:
  status [GROUP]                       where every managed group stands (or one)
  plan [--at TIME]                     what a reconcile would do now or at TIME (changes nothing)
  rollout --group G... --kind K --revision R --reason TEXT [--wait [--no-progress]]
          (or --selector-tag KEY=VALUE..., --image ID | --script REV | --package VERSION)
  approve|pause|resume|abort|rollback GROUP [--reason TEXT]
  retry GROUP [--revision R] [--reason TEXT]
  events [--group G] [--type TYPE] [--limit N]
  freeze --reason TEXT                 stop every new rollout and batch in the account (status shows it)
  unfreeze                             lift the freeze
  validate [--policy FILE] [--s-yaml FILE]

options:
  --json              machine-readable output
  --policy FILE       the policy (default ./rollgate.yaml or ROLLGATE_POLICY)
  --profile NAME      a profile of ~/.aliyun/config.json (else ALIBABA_CLOUD_* variables)
  --region ID         region (else ALIBABA_CLOUD_REGION_ID, the profile's, the policy's)
  --endpoint URL      one endpoint for every product (the local cloud)
  --interval SECONDS  --wait: seconds between polls (default 5)
  --no-progress       --wait: plain lines instead of the live view on a terminal
  --s-yaml FILE       validate: the s.yaml that deploys the policy (default: beside the policy, else ./s.yaml)

exit codes: 0 done, 1 failed, 2 bad usage, 3 blocked or rejected`;

const OPTIONS = {
  json: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
  policy: { type: 'string' },
  profile: { type: 'string' },
  region: { type: 'string' },
  endpoint: { type: 'string' },
  at: { type: 'string' },
  group: { type: 'string', multiple: true },
  'selector-tag': { type: 'string', multiple: true },
  kind: { type: 'string' },
  revision: { type: 'string' },
  image: { type: 'string' },
  script: { type: 'string' },
  package: { type: 'string' },
  reason: { type: 'string' },
  wait: { type: 'boolean' },
  'no-progress': { type: 'boolean' },
  interval: { type: 'string' },
  type: { type: 'string' },
  limit: { type: 'string' },
  's-yaml': { type: 'string' },
} as const satisfies ParseArgsConfig['options'];

type Values = ReturnType<typeof parseArgs<{ options: typeof OPTIONS; allowPositionals: true; strict: true }>>['values'];

interface Ctx {
  io: CliIo;
  values: Values;
  positionals: string[];
  c: Colors;
  global: GlobalOptions;
}

function print(ctx: Ctx, value: unknown, human: () => string): void {
  ctx.io.stdout(ctx.values.json === true ? JSON.stringify(value, null, 2) : human());
}

function one(ctx: Ctx, what: string): string {
  const [ref, ...extra] = ctx.positionals;
  if (ref === undefined) throw new UsageError(`${what}: name a group (id or name)`, `rollgate ${what} GROUP`);
  if (extra.length > 0) throw new UsageError(`${what}: unexpected ${extra.join(' ')}`, USAGE.split('\n')[0]);
  return ref;
}

function rolloutInput(values: Values): Record<string, unknown> {
  const shorthand = (['image', 'script', 'package'] as const).filter((k) => values[k] !== undefined);
  if (shorthand.length > 1)
    throw new UsageError(`give one of --image, --script, --package (got ${shorthand.join(', ')})`);
  const kind = shorthand[0] ?? values.kind;
  const revision = shorthand[0] === undefined ? values.revision : values[shorthand[0]];
  const tags = values['selector-tag'];
  const selector =
    tags === undefined
      ? undefined
      : {
          tags: Object.fromEntries(
            tags.map((t) => {
              const at = t.indexOf('=');
              if (at <= 0) throw new UsageError(`--selector-tag ${t}: expected KEY=VALUE`);
              return [t.slice(0, at), t.slice(at + 1)];
            }),
          ),
        };
  if (kind === undefined || revision === undefined)
    throw new UsageError(
      'rollout: which revision?',
      'pass --image ID, --script REV, --package VERSION, or --kind K --revision R',
    );
  if (values.reason === undefined)
    throw new UsageError('rollout: --reason is required', 'say why, e.g. --reason "release 42"');
  return {
    ...(values.group === undefined ? {} : { groups: values.group }),
    ...(selector === undefined ? {} : { selector }),
    kind,
    revision,
    reason: values.reason,
  };
}

function intervalOf(values: Values): number {
  const n = Number(values.interval ?? '5');
  if (!Number.isFinite(n) || n < 0) throw new UsageError(`--interval ${values.interval}: expected seconds`);
  return n;
}

function terminalSink(ctx: Ctx): ProgressSink {
  const say = (line: string) => (ctx.values.json === true ? ctx.io.stderr(line) : ctx.io.stdout(line));
  let last = '';
  return {
    update(groups, at) {
      const line = groups
        .map(
          (g) =>
            `${g.name}: ${g.rollout === undefined ? (g.kinds[0]?.decision.reason ?? '-') : rolloutProgress(g.rollout)}`,
        )
        .join('; ');
      if (line !== last) say(ctx.c.dim(`${at}  ${line}`));
      last = line;
    },
    finished(group, outcome, detail) {
      const text = `${group.name}: ${outcome} — ${detail}`;
      say(outcome === 'succeeded' ? ctx.c.green(text) : ctx.c.red(text));
    },
  };
}

async function runRollout(ctx: Ctx): Promise<number> {
  const deps = await cliDeps(ctx.io.env, ctx.global, ctx.io.cwd);
  const report = await rollout(deps, rolloutInput(ctx.values));
  const blocked = report.groups.some((g) => g.fate === 'blocked');
  if (ctx.values.wait !== true) {
    print(ctx, report, () => renderRollout(report, ctx.c));
    return blocked ? EXIT.blocked : EXIT.done;
  }
  if (ctx.values.json !== true) ctx.io.stdout(renderRollout(report, ctx.c));
  if (blocked) {
    if (ctx.values.json === true) print(ctx, { rollout: report, outcomes: {} }, () => '');
    return EXIT.blocked;
  }
  const terminal = ctx.io.terminal;
  const live =
    terminal?.isTTY === true && ctx.values.json !== true && ctx.values['no-progress'] !== true
      ? liveSink(terminal)
      : undefined;
  const outcomes = await follow({
    groupIds: report.groups.map((g) => g.groupId),
    intervalSeconds: intervalOf(ctx.values),
    deps: () => cliDeps(ctx.io.env, ctx.global, ctx.io.cwd),
    sink: live ?? terminalSink(ctx),
  }).finally(() => live?.finish());
  const byGroup: Record<string, FollowOutcome> = Object.fromEntries(outcomes);
  if (ctx.values.json === true) print(ctx, { rollout: report, outcomes: byGroup }, () => '');
  return Object.values(byGroup).every((o) => o === 'succeeded') ? EXIT.done : EXIT.failed;
}

/** The s.yaml that deploys the policy: --s-yaml, else beside the policy, else in the working directory; none is no check. */
function sYamlPathOf(flag: string | undefined, policyPath: string, cwd: string): string | undefined {
  if (flag !== undefined) {
    const path = resolve(cwd, flag);
    if (!existsSync(path))
      throw new UsageError(`--s-yaml ${path} not found`, 'pass the s.yaml that deploys the policy');
    return path;
  }
  return [join(dirname(policyPath), 's.yaml'), join(cwd, 's.yaml')].find((path) => existsSync(path));
}

async function command(ctx: Ctx, name: string): Promise<number> {
  const deps = () => cliDeps(ctx.io.env, ctx.global, ctx.io.cwd);
  switch (name) {
    case 'status': {
      if (ctx.positionals.length > 1) throw new UsageError(`status: unexpected ${ctx.positionals.slice(1).join(' ')}`);
      const report = await status(await deps(), ctx.positionals[0]);
      print(ctx, report, () => renderStatus(report, ctx.c));
      return EXIT.done;
    }
    case 'plan': {
      const report = await planAt(await deps(), parseAt(ctx.values.at, '--at'));
      print(ctx, report, () => renderPlan(report, ctx.c));
      return EXIT.done;
    }
    case 'rollout':
      return runRollout(ctx);
    case 'events': {
      const query = {
        ...(ctx.values.group?.[0] === undefined ? {} : { group: ctx.values.group[0] }),
        ...(ctx.values.type === undefined ? {} : { type: ctx.values.type }),
        ...(ctx.values.limit === undefined ? {} : { limit: ctx.values.limit }),
      };
      const report = await events(await deps(), query);
      print(ctx, report, () => renderEvents(report, ctx.c));
      return EXIT.done;
    }
    case 'freeze':
    case 'unfreeze': {
      if (ctx.positionals.length > 0) throw new UsageError(`${name}: unexpected ${ctx.positionals.join(' ')}`);
      if (name === 'freeze' && ctx.values.reason === undefined)
        throw new UsageError('freeze: give --reason TEXT', 'rollgate freeze --reason "incident 42: database failover"');
      const report =
        name === 'freeze'
          ? await freeze(await deps(), { reason: ctx.values.reason })
          : await unfreeze(await deps(), ctx.values.reason === undefined ? {} : { reason: ctx.values.reason });
      print(ctx, report, () => renderFreeze(report, ctx.c));
      return EXIT.done;
    }
    case 'validate': {
      const path = policyPathOf(ctx.io.env, ctx.values.policy, ctx.io.cwd);
      const text = readFileSync(path, 'utf8');
      const report = validatePolicyText(text);
      const sYaml = sYamlPathOf(ctx.values['s-yaml'], path, ctx.io.cwd);
      const warnings = sYaml === undefined ? [] : deployWarningsOf(text, readFileSync(sYaml, 'utf8'));
      print(ctx, { file: path, ...report, sYaml: sYaml ?? null, warnings }, () =>
        renderValidate(path, report, ctx.c, { sYaml, warnings }),
      );
      return report.ok ? EXIT.done : EXIT.failed;
    }
    default: {
      if (!(GROUP_ACTIONS as readonly string[]).includes(name)) throw new UsageError(`unknown command ${name}`, USAGE);
      const ref = one(ctx, name);
      const input = {
        ...(ctx.values.reason === undefined ? {} : { reason: ctx.values.reason }),
        ...(ctx.values.revision === undefined ? {} : { revision: ctx.values.revision }),
      };
      const report = await groupAction(await deps(), name as GroupAction, ref, input);
      print(ctx, report, () => renderAction(report, ctx.c));
      return EXIT.done;
    }
  }
}

const EXIT_OF: Readonly<Record<OperationError['code'], number>> = {
  'bad-request': EXIT.usage,
  'not-found': EXIT.usage,
  conflict: EXIT.blocked,
  unprocessable: EXIT.blocked,
};

function fail(
  io: CliIo,
  json: boolean,
  code: string,
  message: string,
  extra: { field?: string; hint?: string } = {},
): void {
  io.stderr(
    json
      ? JSON.stringify({ error: { code, message, ...extra } })
      : `rollgate: ${message}${extra.field ? ` (${extra.field})` : ''}${extra.hint ? `\n  ${extra.hint}` : ''}`,
  );
}

export async function main(argv: readonly string[], io: CliIo): Promise<number> {
  let values: Values;
  let positionals: string[];
  try {
    ({ values, positionals } = parseArgs({ args: [...argv], options: OPTIONS, allowPositionals: true, strict: true }));
  } catch (error) {
    fail(io, argv.includes('--json'), 'usage', error instanceof Error ? error.message : String(error), {
      hint: 'rollgate help',
    });
    return EXIT.usage;
  }
  const [name, ...rest] = positionals;
  if (name === undefined || name === 'help' || values.help === true) {
    io.stdout(USAGE);
    return name === undefined && values.help !== true ? EXIT.usage : EXIT.done;
  }
  const json = values.json === true;
  const global: GlobalOptions = {
    ...(values.policy === undefined ? {} : { policy: values.policy }),
    ...(values.profile === undefined ? {} : { profile: values.profile }),
    ...(values.region === undefined ? {} : { region: values.region }),
    ...(values.endpoint === undefined ? {} : { endpoint: values.endpoint }),
  };
  const ctx: Ctx = { io, values, positionals: rest, c: colorsFor(io.tty && !json), global };
  try {
    return await command(ctx, name);
  } catch (error) {
    if (error instanceof UsageError) {
      fail(io, json, 'usage', error.message, error.hint === undefined ? {} : { hint: error.hint });
      return EXIT.usage;
    }
    if (OperationError.is(error)) {
      fail(io, json, error.code, error.message, {
        ...(error.field === undefined ? {} : { field: error.field }),
        ...(error.hint === undefined ? {} : { hint: error.hint }),
      });
      return EXIT_OF[error.code];
    }
    if (CloudError.is(error)) {
      fail(io, json, error.code, `cloud call failed: ${error.message}`, {
        hint: `request ${error.requestId ?? '-'}; check credentials, region and --endpoint`,
      });
      return EXIT.failed;
    }
    fail(io, json, 'failed', error instanceof Error ? error.message : String(error));
    return EXIT.failed;
  }
}

/** `rolling batch 2/5 40/100`: the phase, the batch when paused, instances updated of the group's. */
function rolloutProgress(r: NonNullable<GroupStatus['rollout']>): string {
  const batch = r.batch === undefined ? '' : ` batch ${r.batch.index}/${r.batch.total}`;
  return `${r.phase}${batch} ${r.instances.updated}/${r.instances.total}`;
}
