// Drift on scale-out: instances ESS launched after a script or package
// rollout did not get it (the rolling update covered the instances of its
// time), and an instance may boot an image other than the desired one. Pure:
// which new instances need what, from the group, its history and the policy.
import { makeEvent, type RollgateEvent } from './events';
import { historyOf, invokeTypeOf, kindOfExecution, revisionOfExecution } from './history';
import type { Policy } from './policy/schema';
import { kindOf, type RolloutKind } from './policy/target';
import { stableId } from './hash';
import { resolveDesired } from './revision';
import { groupMatches } from './select';
import type { GroupSnapshot, Snapshot } from './snapshot';

/** Run a script revision the group already has on the instances that lack it (Cloud Assistant RunCommand). */
export interface ScriptRepair {
  groupId: string;
  revision: string;
  instanceIds: string[];
  content: string;
  commandType: 'RunShellScript' | 'RunBatScript' | 'RunPowerShellScript';
  /** Same group, revision and instances → same token: a redelivered event runs nothing twice. */
  clientToken: string;
  name: string;
}

export interface DriftPlan {
  repairs: ScriptRepair[];
  /** `drift.detected` for what only a rollout fixes (another image, a package). */
  events: RollgateEvent[];
  /**
   * New instances that lack the group's package version: recorded against the package execution that put it in
   * place (`rollgate:behind`), so the planner no longer takes the group as in place and one follow-up rollout of
   * the same version installs it (the package template takes a group, not instances).
   */
  packageBehind?: { executionId: string; revision: string; instanceIds: string[] };
  /**
   * Launched while a rollout of the group runs: what they need is known once it
   * ends (its revision, or the old one after a rollback), so they are repaired then.
   */
  deferred: string[];
}

export function driftEvent(
  group: GroupSnapshot,
  kind: RolloutKind,
  revision: string,
  instanceIds: string[],
  message: string,
  now: Date,
): RollgateEvent {
  return makeEvent({
    type: 'drift.detected',
    at: now.toISOString(),
    groupId: group.id,
    revision,
    message,
    detail: { kind, instances: [...instanceIds].sort() },
  });
}

/**
 * For the instances a scale-out launched: the script revision the group's
 * newest successful script rollout put in place is run on them; an instance
 * on another image than the desired one is reported for the next rollout;
 * one lacking the group's package version is reported and recorded for a
 * follow-up rollout of that version.
 */
export function planDriftRepair(
  snapshot: Snapshot,
  policy: Policy,
  groupId: string,
  launchedIds: readonly string[],
  now: Date,
): DriftPlan {
  const group = snapshot.groups.find((g) => g.id === groupId);
  if (group === undefined || launchedIds.length === 0) return { repairs: [], events: [], deferred: [] };
  const launched = group.instances.filter((i) => launchedIds.includes(i.id));
  const history = historyOf(snapshot, groupId);
  if (history.active().length > 0) return { repairs: [], events: [], deferred: launched.map((i) => i.id).sort() };
  const repairs: ScriptRepair[] = [];
  const events: RollgateEvent[] = [];
  let packageBehind: DriftPlan['packageBehind'];
  for (const target of policy.targets.filter((t) => groupMatches(t.select, group))) {
    const kind = kindOf(target);
    if (kind === 'image') {
      const resolution = resolveDesired(target, kind, group, snapshot.images);
      if (!resolution.ok) continue;
      const off = launched
        .filter((i) => i.imageId !== undefined && i.imageId !== resolution.desired.revision)
        .map((i) => i.id);
      if (off.length > 0)
        events.push(
          driftEvent(
            group,
            kind,
            resolution.desired.revision,
            off,
            `${off.length} new instance(s) of ${group.name} launched off image ${resolution.desired.revision}; the next rollout replaces them`,
            now,
          ),
        );
      continue;
    }
    // What the group runs: its newest successful execution of this kind, unless that was a rollback.
    const newest = history.executions.find((e) => e.status === 'Success' && kindOfExecution(e) === kind);
    const revision =
      newest !== undefined && invokeTypeOf(newest) === 'invoke' ? revisionOfExecution(newest) : undefined;
    if (revision === undefined) continue;
    const ids = launched.map((i) => i.id).sort();
    if (ids.length === 0) continue;
    // Reported once the controller has seen which of them that execution did not cover (drift.detected then).
    if (kind === 'package' && newest !== undefined) {
      packageBehind = { executionId: newest.id, revision, instanceIds: ids };
      continue;
    }
    const script = kind === 'script' ? target.script?.revisions.find((r) => r.revision === revision) : undefined;
    if (script === undefined) {
      const why = `script revision ${revision} is no longer in the policy`;
      events.push(
        driftEvent(
          group,
          kind,
          revision,
          ids,
          `${ids.length} new instance(s) of ${group.name} lack ${kind} ${revision}: ${why}`,
          now,
        ),
      );
      continue;
    }
    repairs.push({
      groupId,
      revision,
      instanceIds: ids,
      content: script.content,
      commandType: script.commandType,
      clientToken: stableId('drift-', [groupId, revision, ...ids], 40),
      name: `rollgate-drift-${revision}`.slice(0, 128),
    });
  }
  return { repairs, events, deferred: [], ...(packageBehind === undefined ? {} : { packageBehind }) };
}
