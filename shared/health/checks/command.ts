// A Cloud Assistant command whose exit code decides (0 = healthy). The check
// is called again and again while the gate waits, so it must not start a new
// command each time: the invocation is named after (execution, batch, script,
// instances) and found again by that name; the same value is the RunCommand
// ClientToken. While the command runs the instances are `pending` (→ wait).
import { createHash } from 'node:crypto';
import type { Checks } from '../../domain/policy';
import type { InvocationResult } from '../../cloud/ecs-api';
import type { Check, CheckContext } from './context';
import { measured } from './context';

type CommandCheck = NonNullable<Checks['command']>;

const STILL_RUNNING = new Set(['Pending', 'Scheduled', 'Running', 'Stopping']);
const SUCCEEDED = new Set(['Success', 'Finished']);
const MAX_OUTPUT_CHARS = 500;

/** Cloud Assistant returns Output base64-encoded; show it as text. */
function decodeOutput(raw: string): string {
  const looksBase64 = /^[A-Za-z0-9+/]*={0,2}$/.test(raw) && raw.length % 4 === 0;
  return (looksBase64 ? Buffer.from(raw, 'base64').toString('utf8') : raw).slice(0, MAX_OUTPUT_CHARS);
}
const RESULTS_PAGE_SIZE = 50;

/** Same inputs, same name: `rollgate-health-` + 24 hex chars (also a valid ClientToken, ≤ 64 ASCII). */
export function commandInvocationName(ctx: Pick<CheckContext, 'input' | 'instances'>, settings: CommandCheck): string {
  const ids = ctx.instances.map((i) => i.instanceId).sort();
  const digest = createHash('sha256')
    .update(
      JSON.stringify([
        ctx.input.groupId,
        ctx.input.executionId,
        ctx.input.batch.index,
        settings.commandType,
        settings.script,
        ids,
      ]),
    )
    .digest('hex');
  return `rollgate-health-${digest.slice(0, 24)}`;
}

async function findOrStartInvocation(
  ctx: CheckContext,
  settings: CommandCheck,
  name: string,
): Promise<{ invokeId: string; started: boolean }> {
  const first = ctx.instances[0];
  if (first) {
    const recent = await ctx.deps.ecs.describeInvocations({ instanceId: first.instanceId, pageSize: 50 });
    const existing = recent.invocations.find((inv) => inv.commandName === name);
    if (existing) return { invokeId: existing.invokeId, started: false };
  }
  const run = await ctx.deps.ecs.runCommand({
    instanceIds: ctx.instances.map((i) => i.instanceId),
    commandContent: settings.script,
    type: settings.commandType,
    name,
    // RunCommand accepts 10..86400 seconds.
    timeout: Math.min(86_400, Math.max(10, settings.timeoutSeconds)),
    clientToken: name,
  });
  return { invokeId: run.invokeId, started: true };
}

async function allResults(ctx: CheckContext, invokeId: string): Promise<InvocationResult[]> {
  const all: InvocationResult[] = [];
  for (let pageNumber = 1; ; pageNumber++) {
    const page = await ctx.deps.ecs.describeInvocationResults({ invokeId, pageNumber, pageSize: RESULTS_PAGE_SIZE });
    all.push(...page.invocationResults);
    if (page.invocationResults.length < RESULTS_PAGE_SIZE || all.length >= page.totalCount) return all;
  }
}

export function commandCheck(settings: CommandCheck): Check {
  return async (ctx) => {
    if (ctx.instances.length === 0) return new Map();
    const name = commandInvocationName(ctx, settings);
    const { invokeId, started } = await findOrStartInvocation(ctx, settings, name);
    const byInstance = new Map((await allResults(ctx, invokeId)).map((r) => [r.instanceId, r]));
    return new Map(
      ctx.instances.map(({ instanceId }) => {
        const r = byInstance.get(instanceId);
        if (!r) {
          const detail = started ? `command ${invokeId} started` : `command ${invokeId} has no result yet`;
          return [instanceId, measured('pending', detail, { invokeId, invocationStatus: null, exitCode: null })];
        }
        const values = {
          invokeId,
          invocationStatus: r.invocationStatus,
          exitCode: r.exitCode ?? null,
          output: r.output === undefined ? null : decodeOutput(r.output),
          ...(r.errorCode ? { errorCode: r.errorCode } : {}),
        };
        if (STILL_RUNNING.has(r.invocationStatus))
          return [instanceId, measured('pending', `command ${invokeId} ${r.invocationStatus}`, values)];
        if (SUCCEEDED.has(r.invocationStatus) && (r.exitCode ?? 0) === 0) {
          return [instanceId, measured('healthy', `command ${invokeId} exited 0`, values)];
        }
        const why = r.exitCode === undefined ? r.invocationStatus : `exit code ${r.exitCode}`;
        return [
          instanceId,
          measured(
            'unhealthy',
            `command ${invokeId} ${r.invocationStatus}: ${why}${r.errorInfo ? ` (${r.errorInfo})` : ''}`,
            values,
          ),
        ];
      }),
    );
  };
}
