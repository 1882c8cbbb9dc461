// Whether a group already runs its desired revision, so no rollout is needed.
import { invokeTypeOf, kindOfExecution, revisionOfExecution, type GroupHistory } from './history';
import type { DesiredRevision } from './revision';
import type { GroupSnapshot } from './snapshot';
import { behindAfter } from './group-tags';

export type Satisfaction =
  | { satisfied: true; detail: string; /** When the rollout that put it in place ended. */ since?: string }
  | { satisfied: false; detail: string };

export function inService(group: GroupSnapshot): GroupSnapshot['instances'] {
  return group.instances.filter((i) => i.lifecycleState === 'InService');
}

function imageSatisfaction(group: GroupSnapshot, imageId: string, history: GroupHistory): Satisfaction {
  const configImage = group.activeScalingConfiguration?.imageId;
  if (configImage !== imageId)
    return { satisfied: false, detail: `scaling configuration is on ${configImage ?? '(none)'}, desired ${imageId}` };
  const instances = inService(group);
  const behind = instances.filter((i) => i.imageId !== undefined && i.imageId !== imageId);
  if (behind.length > 0)
    return {
      satisfied: false,
      detail: `${behind.length} InService instance(s) not on ${imageId}: ${behind.map((i) => i.id).join(', ')}`,
    };
  const success = history.newestSuccessIs('image', imageId);
  // Instances the template never listed (launched as the rollout started) still run the old image: roll again.
  const missed = success === undefined ? 0 : behindAfter(group.tags, success.id);
  if (missed > 0)
    return {
      satisfied: false,
      detail: `${missed} instance(s) were not on ${imageId} when ${success!.id} ended (launched as it started)`,
    };
  const unknown = instances.filter((i) => i.imageId === undefined);
  if (unknown.length > 0 && success === undefined)
    return {
      satisfied: false,
      detail: `image of ${unknown.length} instance(s) unknown and no successful rollout of ${imageId}`,
    };
  return {
    satisfied: true,
    detail: `all InService instances and the scaling configuration are on ${imageId}`,
    since: success?.endDate,
  };
}

/** A rollout of the revision succeeded but its final bake has not passed (baking, or failed and held): not in place yet. */
function finalBakePending(
  group: GroupSnapshot,
  desired: DesiredRevision,
  history: GroupHistory,
): Satisfaction | undefined {
  const bake = group.finalBake;
  const execution = bake === undefined ? undefined : history.executions.find((e) => e.id === bake.executionId);
  if (
    bake === undefined ||
    execution === undefined ||
    kindOfExecution(execution) !== desired.kind ||
    revisionOfExecution(execution) !== desired.revision
  )
    return undefined;
  return {
    satisfied: false,
    detail: `${desired.kind} ${desired.revision}: final bake of ${bake.executionId} ${bake.state === 'held' ? 'failed; held for a person' : 'not passed yet'}`,
  };
}

export function satisfaction(group: GroupSnapshot, desired: DesiredRevision, history: GroupHistory): Satisfaction {
  const pending = finalBakePending(group, desired, history);
  if (pending !== undefined) return pending;
  if (desired.kind === 'image') return imageSatisfaction(group, desired.revision, history);
  if (desired.kind === 'script' && desired.scheduled !== undefined)
    return scheduledSatisfaction(desired.revision, desired.scheduled, history);
  const success = history.newestSuccessIs(desired.kind, desired.revision);
  if (success === undefined)
    return { satisfied: false, detail: `no successful ${desired.kind} rollout of ${desired.revision} in place` };
  // Instances launched after the package rollout lack the package (drift repair recorded them): roll it again.
  const missed = desired.kind === 'package' ? behindAfter(group.tags, success.id) : 0;
  if (missed > 0)
    return {
      satisfied: false,
      detail: `${missed} instance(s) launched after ${success.id} lack package ${desired.revision}`,
    };
  return {
    satisfied: true,
    detail: `${desired.kind} ${desired.revision} rolled out by ${success.id}`,
    since: success.endDate,
  };
}

/**
 * A scheduled run is in place once a rollout of its revision that started in this occurrence of its window
 * succeeded. One that failed is handled like any failed rollout (rolled back and rejected, or retried within
 * `maxAttempts`), so a later wave never takes a failed canary for done.
 */
function scheduledSatisfaction(
  revision: string,
  { window, openedAt }: { window: string; openedAt: number },
  history: GroupHistory,
): Satisfaction {
  const ran = history.executions.find(
    (e) =>
      e.status === 'Success' &&
      kindOfExecution(e) === 'script' &&
      revisionOfExecution(e) === revision &&
      invokeTypeOf(e) === 'invoke' &&
      Date.parse(e.startDate ?? '') >= openedAt,
  );
  const opened = new Date(openedAt).toISOString();
  if (ran === undefined)
    return {
      satisfied: false,
      detail: `scheduled action of window ${window}: script ${revision} has not run since it opened at ${opened}`,
    };
  return {
    satisfied: true,
    detail: `scheduled action of window ${window}: script ${revision} ran in this occurrence (${ran.id})`,
    ...(ran.endDate === undefined ? {} : { since: ran.endDate }),
  };
}
