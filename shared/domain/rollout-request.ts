// Builds the startRollout action: the exact OOS template parameters, the
// execution tags and the deterministic ids that make a repeated start a no-op.
import type { RolloutTags, StartRolloutAction } from './actions';
import { stableId } from './hash';
import { batchNumberOf } from './policy/rollout';
import type { Target } from './policy/target';
import { TEMPLATE_BY_KIND } from './policy/templates';
import type { DesiredRevision } from './revision';
import type { GroupSnapshot } from './snapshot';
import { occurrenceOf } from './scheduled-action';

/** rollgate always pauses after every batch so the gate can check it. */
export const BATCH_PAUSE_OPTION = 'EveryBatchPause';

/**
 * StartExecution ClientToken of "the rolling update that follows `predecessorId` on the group" (at most 64 ASCII
 * characters). It names the slot, not the revision: two reconciles, or a reconcile and the gate's rollback, that
 * read the same history and race to start different revisions send the same token, and OOS answers the second
 * with the first one's execution instead of starting a second rolling update on the group. A retried start sends
 * it again; the next rollout follows a newer execution and gets a new one.
 */
export function clientTokenFor(groupId: string, predecessorId: string | undefined): string {
  return stableId('rg-', [groupId, predecessorId ?? 'none'], 48);
}

/** One campaign per (target, kind, revision): every group rolling that revision shares it. */
/** `occurrence`: a scheduled action's window occurrence, so each run is a campaign of its own. */
export function campaignIdFor(targetName: string, kind: string, revision: string, occurrence?: string): string {
  return stableId(
    'camp-',
    occurrence === undefined ? [targetName, kind, revision] : [targetName, kind, revision, occurrence],
    12,
  );
}

function kindParameters(desired: DesiredRevision, group: GroupSnapshot): Record<string, unknown> {
  switch (desired.kind) {
    case 'image':
      return {
        scalingConfigurationId: group.activeScalingConfiguration?.id ?? '',
        imageId: desired.revision,
        // The rollback image: what the scaling configuration launches today.
        sourceImageId: group.activeScalingConfiguration?.imageId ?? '',
      };
    case 'script':
      return {
        commandType: desired.script.commandType,
        invokeScript: desired.script.content,
        rollbackScript: desired.script.rollbackScript,
      };
    case 'package':
      return { packageName: desired.pkg.name, packageVersion: desired.pkg.version, action: desired.pkg.action };
  }
}

export function rolloutParameters(
  desired: DesiredRevision,
  group: GroupSnapshot,
  target: Target,
): Record<string, unknown> {
  const { rollout } = target;
  return {
    invokeType: 'invoke',
    scalingGroupId: group.id,
    ...kindParameters(desired, group),
    enterProcess: [...rollout.enterProcess],
    // The template resumes exactly exitProcess (its rollback: the source's): a process suspended before the rollout
    // (an operator's choice) is left out, so it stays suspended after the rollout, its rollback and a cancel.
    exitProcess: rollout.exitProcess.filter((p) => !group.suspendedProcesses.includes(p)),
    batchNumber: batchNumberOf(rollout),
    batchPauseOption: BATCH_PAUSE_OPTION,
    // Only the system-disk template has maxErrors.
    ...(desired.kind === 'image' ? { maxErrors: rollout.maxErrors } : {}),
    ...(rollout.oosAssumeRole !== undefined ? { OOSAssumeRole: rollout.oosAssumeRole } : {}),
  };
}

/** `predecessorId`: the group's newest execution, which this rollout follows (undefined when it has none). */
export function startRolloutAction(
  desired: DesiredRevision,
  group: GroupSnapshot,
  target: Target,
  attempt: number,
  predecessorId: string | undefined,
): StartRolloutAction {
  const campaignId = campaignIdFor(target.name, desired.kind, desired.revision, occurrenceOf(desired));
  const tags: RolloutTags = {
    scaling_group: group.id,
    'rollgate:campaign': campaignId,
    'rollgate:kind': desired.kind,
    'rollgate:revision': desired.revision,
    'rollgate:attempt': String(attempt),
  };
  return {
    type: 'startRollout',
    groupId: group.id,
    targetName: target.name,
    kind: desired.kind,
    revision: desired.revision,
    attempt,
    templateName: TEMPLATE_BY_KIND[desired.kind],
    parameters: rolloutParameters(desired, group, target),
    tags,
    clientToken: clientTokenFor(group.id, predecessorId),
    campaignId,
    description: `rollgate: ${desired.kind} ${desired.revision} on ${group.name} (target ${target.name}, campaign ${campaignId}, attempt ${attempt})`,
  };
}
