// failureAction rollback: start the OOS rollback of the failed execution,
// point the scaling configuration back at the previous image (the public
// template's rollback does not), and reject the revision on the group and,
// for images, on the image itself so no reconcile retries it. Every step
// checks first, so a repeated run (a crash in between, a second gate) only
// finishes what is left.
import type { CloudClients, Execution } from '../../cloud/api';
import { stableId } from '../../domain/hash';
import { BATCH_PAUSE_OPTION } from '../../domain/rollout-request';
import { rejectedTagKey } from '../../domain/group-tags';
import { EXECUTION_TAG, IMAGE_TAG_REJECTED } from '../../domain/tags';
import { ROLLOUT_MODE } from '../execute/start-rollout';
import { ROLLBACK_OF_TAG, type RolloutIdentity } from './context';
import { lostRace } from './oos-writes';

export interface RollbackResult {
  rollbackExecutionId: string;
  started: 'started' | 'unchanged';
  scalingConfiguration: 'updated' | 'unchanged' | 'not-applicable';
  groupTag: 'updated' | 'unchanged';
  imageTag: 'updated' | 'unchanged' | 'not-applicable';
}

/** The rollback's template parameters: the source's, turned around. */
export function rollbackParameters(source: Execution): Record<string, unknown> {
  const p = source.parameters;
  const base: Record<string, unknown> = { ...p, invokeType: 'rollback', sourceExecutionId: source.executionId, batchPauseOption: BATCH_PAUSE_OPTION };
  // A package rollback with the source's version would install the rejected
  // version again; without one the template reverses the source's action.
  if ('packageName' in p) base['packageVersion'] = '';
  return base;
}

export function rollbackClientToken(sourceExecutionId: string): string {
  return stableId('rg-rb-', [sourceExecutionId], 40);
}

async function existingRollback(clients: CloudClients, id: RolloutIdentity): Promise<Execution | undefined> {
  const list = await clients.oos.listAllExecutions({ tags: { [ROLLBACK_OF_TAG]: id.executionId } });
  return list.find((e) => e.tags[ROLLBACK_OF_TAG] === id.executionId);
}

async function startRollback(clients: CloudClients, source: Execution, id: RolloutIdentity): Promise<{ executionId: string; result: 'started' | 'unchanged' }> {
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
      clientToken: rollbackClientToken(id.executionId),
      mode: ROLLOUT_MODE,
      description: `rollgate: roll back ${id.kind} ${id.revision} on ${id.groupId} (execution ${id.executionId})`,
    });
    return { executionId: started.executionId, result: 'started' };
  } catch (error) {
    // Another gate started it between our read and our start (ClientToken or the one-update rule).
    if (!lostRace(error) && !(error instanceof Error && 'code' in error && String(error.code).startsWith('RollingUpdate'))) throw error;
    const again = await existingRollback(clients, id);
    if (again === undefined) throw error;
    return { executionId: again.executionId, result: 'unchanged' };
  }
}

/** The scaling configuration launches the previous image again (image rollouts only). */
export async function restoreScalingConfiguration(clients: CloudClients, source: Pick<Execution, 'parameters'>): Promise<RollbackResult['scalingConfiguration']> {
  const configurationId = source.parameters['scalingConfigurationId'];
  const previousImage = source.parameters['sourceImageId'];
  if (typeof configurationId !== 'string' || configurationId === '' || typeof previousImage !== 'string' || previousImage === '') return 'not-applicable';
  const page = await clients.ess.describeScalingConfigurations({ scalingConfigurationIds: [configurationId] });
  const current = page.scalingConfigurations.find((c) => c.scalingConfigurationId === configurationId);
  if (current?.imageId === previousImage) return 'unchanged';
  await clients.ess.modifyScalingConfiguration({ scalingConfigurationId: configurationId, imageId: previousImage });
  return 'updated';
}

/** `rollgate:rejected-<kind>` on the group and, for images, `rollgate:rejected=true` on the image. */
export async function rejectRevision(clients: CloudClients, id: RolloutIdentity, groupTags: Readonly<Record<string, string>>): Promise<Pick<RollbackResult, 'groupTag' | 'imageTag'>> {
  let groupTag: RollbackResult['groupTag'] = 'unchanged';
  if (groupTags[rejectedTagKey(id.kind)] !== id.revision) {
    await clients.ess.tagResources({ resourceIds: [id.groupId], tags: { [rejectedTagKey(id.kind)]: id.revision } });
    groupTag = 'updated';
  }
  if (id.kind !== 'image') return { groupTag, imageTag: 'not-applicable' };
  const images = await clients.ecs.describeImages({ imageIds: [id.revision], status: ['ALL'] });
  const image = images.images.find((i) => i.imageId === id.revision);
  if (image === undefined || image.tags[IMAGE_TAG_REJECTED] === 'true') return { groupTag, imageTag: 'unchanged' };
  await clients.ecs.tagResources({ resourceType: 'image', resourceIds: [id.revision], tags: { [IMAGE_TAG_REJECTED]: 'true' } });
  return { groupTag, imageTag: 'updated' };
}

export async function rollBack(clients: CloudClients, source: Execution, id: RolloutIdentity, groupTags: Readonly<Record<string, string>>): Promise<RollbackResult> {
  const started = await startRollback(clients, source, id);
  const scalingConfiguration = await restoreScalingConfiguration(clients, source);
  const rejected = await rejectRevision(clients, id, groupTags);
  return { rollbackExecutionId: started.executionId, started: started.result, scalingConfiguration, ...rejected };
}
