// Phase 3: a script revision in a maintenance window. api-prod is tagged for
// the policy's `agent` target, whose script revision rolls out only in the
// window `agent-hours`; the status says it waits for the window, the rollout
// starts at the opening on the simulated clock, and a scale-out afterwards
// gets the script on its new instance (drift repair).
import type { Execution } from '../../shared/cloud/index';
import { planAt } from '../../shared/controller/plan-at';
import type { Policy } from '../../shared/domain/policy';
import { EXECUTION_TAG } from '../../shared/domain/tags';
import type { DemoEnvironment } from './environment';

export const AGENT_TARGET = 'agent';
const AGENT_GROUP = 'api-prod';
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export interface ScriptWindowReport {
  group: string;
  revision: string;
  /** What the status said while the group waited, e.g. "waiting for window agent-hours, opens …". */
  waiting: string | null;
  windowOpensAt: string | null;
  startedAt: string | null;
  succeeded: boolean;
  scaledOutInstance: string | null;
  scriptOnNewInstance: boolean;
}

/** The planner's verdict for the group right now: what `status` shows (read only, nothing is changed). */
async function statusOf(
  env: DemoEnvironment,
  policy: Policy,
  groupId: string,
): Promise<{ reason: string; detail: string } | undefined> {
  const decisions = await planAt(
    { clients: env.clients, policy, regionId: env.cloud.regionId },
    new Date(env.cloud.clock.now()),
    { groupIds: [groupId] },
  );
  return decisions.find((d) => d.groupId === groupId && d.targetName === AGENT_TARGET);
}

async function scriptExecution(env: DemoEnvironment, groupId: string): Promise<Execution | undefined> {
  const executions = await env.clients.oos.listAllExecutions({
    templateName: 'ACS-ESS-RollingUpdateByRunCommandInScalingGroup',
  });
  return executions.find(
    (e) => e.tags[EXECUTION_TAG.scalingGroup] === groupId && e.parameters['invokeType'] !== 'rollback',
  );
}

/**
 * Waits until the demo's window (a `rate` of minutes, counted from 1970-01-01 UTC) is shut with over 90 s to its next
 * opening, so the group joins the target while it must wait and the status shows that, whatever the time of day.
 */
async function untilWindowShut(
  env: DemoEnvironment,
  policy: Policy,
  name: string | undefined,
  deadline: number,
): Promise<void> {
  const window = policy.windows.find((w) => w.name === name);
  const minutes = window?.rate === undefined ? undefined : /^(\d+)m$/.exec(window.rate)?.[1];
  if (window === undefined || minutes === undefined) return;
  const periodMs = Number(minutes) * 60_000;
  while (Date.now() < deadline) {
    const into = Date.parse(env.cloud.clock.iso()) % periodMs;
    if (into >= window.durationMinutes * 60_000 && periodMs - into > 90_000) return;
    await sleep(250);
  }
}

export async function runScriptWindowPhase(
  env: DemoEnvironment,
  opts: { policy: Policy; timeoutSeconds: number; say: (line: string) => void },
): Promise<ScriptWindowReport | undefined> {
  const { say, policy } = opts;
  const target = policy.targets.find((t) => t.name === AGENT_TARGET);
  const revision = target?.script?.current ?? target?.script?.revisions.at(-1)?.revision;
  const group = (await env.clients.ess.listAllScalingGroups()).find((g) => g.scalingGroupName === AGENT_GROUP);
  if (target === undefined || revision === undefined || group === undefined) return undefined;
  const content = target.script?.revisions.find((r) => r.revision === revision)?.content ?? '';
  const groupId = group.scalingGroupId;
  const report: ScriptWindowReport = {
    group: AGENT_GROUP,
    revision,
    waiting: null,
    windowOpensAt: null,
    startedAt: null,
    succeeded: false,
    scaledOutInstance: null,
    scriptOnNewInstance: false,
  };
  const deadline = Date.now() + opts.timeoutSeconds * 1000;

  say(
    `\nScript revision ${revision} for ${AGENT_GROUP} (target ${AGENT_TARGET}), only inside window ${target.windows.join(', ')}:`,
  );
  const named = target.windows[0];
  await untilWindowShut(env, policy, typeof named === 'string' ? named : undefined, deadline);
  await env.clients.ess.tagResources({ resourceIds: [groupId], tags: { 'rollgate:agent': 'true' } });
  // As an operator's `rollgate rollout` does after it writes desired state: reconcile now, not at the next minute
  // tick, so the group is seen waiting (and the wake at the opening arranged) however the tag fell in the minute.
  await env.clients.fc.invokeFunction({
    functionName: 'rollgate-reconcile',
    invocationType: 'Async',
    payload: JSON.stringify({ reason: `${AGENT_GROUP} joined target ${AGENT_TARGET}` }),
  });
  let shown = '';
  let execution: Execution | undefined;
  while (execution === undefined && Date.now() < deadline) {
    const status = await statusOf(env, policy, groupId);
    const line = status === undefined ? '' : `${status.reason}: ${status.detail}`;
    if (line !== shown && status !== undefined && status.reason !== 'start' && status.reason !== 'rollout-running') {
      say(`  ${env.cloud.clock.iso().slice(11, 19)}  status ${AGENT_GROUP}: ${line}`);
      shown = line;
      if (status.reason === 'window-closed' && report.waiting === null) {
        report.waiting = status.detail;
        const at = /opens (\S+)/.exec(status.detail)?.[1];
        report.windowOpensAt = at === undefined ? null : new Date(at).toISOString();
      }
    }
    execution = await scriptExecution(env, groupId);
    if (execution === undefined) await sleep(250);
  }
  if (execution === undefined) return report;
  report.startedAt = execution.startDate ?? null;
  say(
    `  ${(execution.startDate ?? '').slice(11, 19)}  ${revision} started on ${AGENT_GROUP} (${execution.executionId}) as the window opened`,
  );

  while (!report.succeeded && Date.now() < deadline) {
    await sleep(300);
    const now = await scriptExecution(env, groupId);
    report.succeeded = now?.status === 'Success' && (await statusOf(env, policy, groupId))?.reason === 'satisfied';
  }
  if (!report.succeeded) return report;
  say(`  ${env.cloud.clock.iso().slice(11, 19)}  ${revision} rolled out on every instance of ${AGENT_GROUP}`);

  const world = env.cloud.world();
  const before = new Set(world.ess.listInstances(groupId).map((i) => i.instanceId));
  world.ess.modifyGroup(groupId, { desiredCapacity: before.size + 1 });
  say(`  ${env.cloud.clock.iso().slice(11, 19)}  ESS scales ${AGENT_GROUP} out to ${before.size + 1} instances`);
  while (!report.scriptOnNewInstance && Date.now() < deadline) {
    await sleep(300);
    const added = world.ess.listInstances(groupId).find((i) => !before.has(i.instanceId));
    report.scaledOutInstance = added?.instanceId ?? null;
    report.scriptOnNewInstance =
      added !== undefined &&
      world.ecs.getInstance(added.instanceId).commandsRun.some((c) => c.content === content && c.exitCode === 0);
  }
  say(
    `  ${env.cloud.clock.iso().slice(11, 19)}  new instance ${report.scaledOutInstance ?? '-'} ` +
      (report.scriptOnNewInstance ? `ran ${revision} (drift repair on SCALE_OUT_SUCCESS)` : `did NOT get ${revision}`),
  );
  return report;
}

/** What makes the phase a failure of the demo. */
export function scriptWindowProblems(report: ScriptWindowReport): string[] {
  const opens = report.windowOpensAt === null ? undefined : Date.parse(report.windowOpensAt);
  const started = report.startedAt === null ? undefined : Date.parse(report.startedAt);
  return [
    report.waiting === null ? `the status never said ${report.group} waits for its window` : undefined,
    started === undefined ? `${report.revision} never started on ${report.group}` : undefined,
    started !== undefined && opens !== undefined && started < opens
      ? `${report.revision} started before its window opened`
      : undefined,
    started !== undefined && opens !== undefined && started > opens + 10_000
      ? `${report.revision} started ${(started - opens) / 1000} s after its window opened`
      : undefined,
    started !== undefined && !report.succeeded ? `${report.revision} did not finish on ${report.group}` : undefined,
    report.succeeded && !report.scriptOnNewInstance
      ? `the instance the scale-out launched did not get ${report.revision}`
      : undefined,
  ].filter((p): p is string => p !== undefined);
}
