// failureAction rollback: reject the revision on the group and, for images,
// on the image itself so no reconcile retries it, end the source if it still
// waits (OOS leaves it Waiting, and an Approve would resume the rejected
// rollout), start the OOS rollback of the failed execution, and point the
// scaling configuration back at the previous image (the public template's
// rollback does not). Every step checks first, so a repeated run (a crash in
// between, a second gate) only finishes what is left.
import type { CloudClients, Execution } from '../../cloud/api';
import { rejectedTagKey } from '../../domain/group-tags';
import { BATCH_PAUSE_OPTION, clientTokenFor } from '../../domain/rollout-request';
import { EXECUTION_TAG, IMAGE_TAG_REJECTED } from '../../domain/tags';
import { ROLLOUT_MODE, SAFETY_CHECK } from '../execute/start-rollout';
import { ROLLBACK_OF_TAG, type RolloutIdentity } from './context';
import { RolloutRaceLost } from '../execute/race';
import { lostRace, rereadExecution } from './oos-writes';

export interface RollbackResult {
  rollbackExecutionId: string;
  started: 'started' | 'unchanged';
  /** The source was still Waiting (or running) and was cancelled. */
  sourceEnded: 'cancelled' | 'unchanged';
  scalingConfiguration: 'updated' | 'unchanged' | 'not-applicable';
  groupTag: 'updated' | 'unchanged';
  imageTag: 'updated' | 'unchanged' | 'not-applicable';
}

/**
 * The rollback's template parameters: the source's, turned around. The
 * templates' rollback path takes enterProcess/exitProcess from the source
 * itself and passes this execution's own action and packageVersion to the
 * package child, so a package rollback names what it means: install the
 * version the group ran before (the source's `rollgate:previous-package`
 * tag), or uninstall when none is known.
 */
export function rollbackParameters(source: Execution): Record<string, unknown> {
  const p = source.parameters;
  const base: Record<string, unknown> = {
    ...p,
    invokeType: 'rollback',
    sourceExecutionId: source.executionId,
    batchPauseOption: BATCH_PAUSE_OPTION,
  };
  if ('packageName' in p) {
    const previous = source.tags[EXECUTION_TAG.previousPackage];
    const known = previous !== undefined && previous !== '' && previous !== 'none';
    base['action'] = known ? 'install' : 'uninstall';
    base['packageVersion'] = known ? previous : '';
  }
  return base;
}

/**
 * The rollback is the rolling update that follows its source on the group: the same token a reconcile racing to
 * start another revision after the source sends, so at most one of them starts (clientTokenFor).
 */
export function rollbackClientToken(groupId: string, sourceExecutionId: string): string {
  return clientTokenFor(groupId, sourceExecutionId);
}

async function existingRollback(clients: CloudClients, id: RolloutIdentity): Promise<Execution | undefined> {
  const list = await clients.oos.listAllExecutions({ tags: { [ROLLBACK_OF_TAG]: id.executionId } });
  return list.find((e) => e.tags[ROLLBACK_OF_TAG] === id.executionId);
}

async function startRollback(
  clients: CloudClients,
  source: Execution,
  id: RolloutIdentity,
): Promise<{ executionId: string; result: 'started' | 'unchanged' }> {
  const existing = await existingRollback(clients, id);
  if (existing !== undefined) return { executionId: existing.executionId, result: 'unchanged' };
  try {
    const started = await clients.oos.startExecution({
      templateName: source.templateName ?? '',
      parameters: rollbackParameters(source),
      tags: {
        [EXECUTION_TAG.scalingGroup]: id.groupId,
        [EXECUTION_TAG.campaign]: id.campaignId,
        [EXECUTION_TAG.kind]: id.kind,
        [EXECUTION_TAG.revision]: id.revision,
        [ROLLBACK_OF_TAG]: id.executionId,
      },
      clientToken: rollbackClientToken(id.groupId, id.executionId),
      mode: ROLLOUT_MODE,
      safetyCheck: SAFETY_CHECK,
      description: `rollgate: roll back ${id.kind} ${id.revision} on ${id.groupId} (execution ${id.executionId})`,
    });
    // The same token answered with another execution: a reconcile started its rollout after the source first.
    if (started.tags[ROLLBACK_OF_TAG] !== id.executionId) throw new RolloutRaceLost(id.groupId, started.executionId);
    return { executionId: started.executionId, result: 'started' };
  } catch (error) {
    if (error instanceof RolloutRaceLost) throw error;
    // Another gate started it between our read and our start.
    if (!lostRace(error)) throw error;
    const again = await existingRollback(clients, id);
    if (again === undefined) throw error;
    return { executionId: again.executionId, result: 'unchanged' };
  }
}

const ENDED = ['Success', 'Failed', 'Cancelled'];

/** A source still Waiting (or Running) is cancelled, so no execution of the rejected revision is left to resume. */
export async function endSource(
  clients: CloudClients,
  sourceExecutionId: string,
): Promise<RollbackResult['sourceEnded']> {
  const fresh = await rereadExecution(clients, sourceExecutionId);
  if (fresh === undefined || ENDED.includes(fresh.status)) return 'unchanged';
  try {
    await clients.oos.cancelExecution({ executionId: sourceExecutionId });
    return 'cancelled';
  } catch (error) {
    if (lostRace(error)) return 'unchanged';
    throw error;
  }
}

/** The scaling configuration launches the previous image again (image rollouts only). */
export async function restoreScalingConfiguration(
  clients: CloudClients,
  source: Pick<Execution, 'parameters'>,
): Promise<RollbackResult['scalingConfiguration']> {
  const configurationId = source.parameters['scalingConfigurationId'];
  const previousImage = source.parameters['sourceImageId'];
  if (
    typeof configurationId !== 'string' ||
    configurationId === '' ||
    typeof previousImage !== 'string' ||
    previousImage === ''
  )
    return 'not-applicable';
  const page = await clients.ess.describeScalingConfigurations({ scalingConfigurationIds: [configurationId] });
  const current = page.scalingConfigurations.find((c) => c.scalingConfigurationId === configurationId);
  if (current?.imageId === previousImage) return 'unchanged';
  await clients.ess.modifyScalingConfiguration({ scalingConfigurationId: configurationId, imageId: previousImage });
  return 'updated';
}

/** `rollgate:rejected-<kind>` on the group and, for images, `rollgate:rejected=true` on the image. */
export async function rejectRevision(
  clients: CloudClients,
  id: RolloutIdentity,
  groupTags: Readonly<Record<string, string>>,
): Promise<Pick<RollbackResult, 'groupTag' | 'imageTag'>> {
  let groupTag: RollbackResult['groupTag'] = 'unchanged';
  if (groupTags[rejectedTagKey(id.kind)] !== id.revision) {
    await clients.ess.tagResources({ resourceIds: [id.groupId], tags: { [rejectedTagKey(id.kind)]: id.revision } });
    groupTag = 'updated';
  }
  if (id.kind !== 'image') return { groupTag, imageTag: 'not-applicable' };
  const images = await clients.ecs.describeImages({ imageIds: [id.revision], status: ['ALL'] });
  const image = images.images.find((i) => i.imageId === id.revision);
  if (image === undefined || image.tags[IMAGE_TAG_REJECTED] === 'true') return { groupTag, imageTag: 'unchanged' };
  await clients.ecs.tagResources({
    resourceType: 'image',
    resourceIds: [id.revision],
    tags: { [IMAGE_TAG_REJECTED]: 'true' },
  });
  return { groupTag, imageTag: 'updated' };
}

export async function rollBack(
  clients: CloudClients,
  source: Execution,
  id: RolloutIdentity,
  groupTags: Readonly<Record<string, string>>,
): Promise<RollbackResult> {
  // Rejected first, so no reconcile starts the revision again once the source has ended; the source ends before the
  // rollback starts, so the group never has two rolling updates. A turn cut short after the cancel leaves a cancelled
  // source whose revision the group rejects and no rollback of it: the next gate turn starts the rollback from that.
  const rejected = await rejectRevision(clients, id, groupTags);
  const sourceEnded = await endSource(clients, id.executionId);
  const started = await startRollback(clients, source, id);
  const scalingConfiguration = await restoreScalingConfiguration(clients, source);
  return {
    rollbackExecutionId: started.executionId,
    started: started.result,
    sourceEnded,
    scalingConfiguration,
    ...rejected,
  };
}
