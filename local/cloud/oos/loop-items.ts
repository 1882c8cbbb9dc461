// One loop item of a rolling update: the item's task execution in the parent
// and the child execution (a run of the nested template on one instance)
// with the parameters the public templates pass it.
import type { RegionWorld } from '../core/contracts';
import { addExecution, startTask, type OosContext } from './context';
import type { ExecutionRecord, RolloutState } from './types';

/** Records the loop item task and its child execution (status Started) for `instanceId` in the current batch. */
export function createChildExecution(
  ctx: OosContext,
  parent: ExecutionRecord,
  rollout: RolloutState,
  instanceId: string,
  lifecycleState: string,
): ExecutionRecord {
  const { world } = ctx;
  const now = world.clock.now();
  const executionId = world.newId('exec-');
  const itemTask = startTask(ctx, parent, {
    taskName: rollout.loopTask!.taskName,
    taskAction: rollout.template.childAction,
    parentTaskExecutionId: rollout.loopTask!.taskExecutionId,
    loopItem: instanceId,
    childExecutionId: executionId,
    loopBatchNumber: rollout.batchIndex + 1,
  });
  const child: ExecutionRecord = {
    executionId,
    templateName: rollout.template.childAction,
    status: 'Started',
    statusMessage: '',
    waitingStatus: '',
    parameters: childParameters(world, rollout, instanceId, lifecycleState),
    tags: {},
    outputs: {},
    mode: parent.mode,
    safetyCheck: parent.safetyCheck,
    loopMode: 'Automatic',
    description: '',
    createMs: now,
    startMs: now,
    updateMs: now,
    parentExecutionId: parent.executionId,
    isParent: false,
    tasks: [],
    child: {
      parentExecutionId: parent.executionId,
      scalingGroupId: rollout.scalingGroupId,
      instanceId,
      lifecycleState,
      operation: rollout.operation,
      itemTask,
      attempts: 0,
    },
  };
  itemTask.properties = child.parameters;
  addExecution(ctx, child);
  rollout.children.set(instanceId, executionId);
  return child;
}

function childParameters(
  world: RegionWorld,
  rollout: RolloutState,
  instanceId: string,
  lifecycleState: string,
): Record<string, unknown> {
  const op = rollout.operation;
  const common = {
    regionId: world.regionId,
    rollBack: String(op.rollBack),
    instanceId,
    lifecycleState,
    scalingGroupId: rollout.scalingGroupId,
  };
  switch (op.kind) {
    case 'image':
      return { ...common, imageId: op.imageId };
    case 'script':
      return { ...common, commandContent: op.content, commandType: op.commandType };
    case 'package':
      return { ...common, action: op.action, packageName: op.packageName, packageVersion: op.packageVersion };
  }
}
