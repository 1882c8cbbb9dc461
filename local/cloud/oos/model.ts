// OOS (2019-06-01) for one region world: rolling-update executions of the
// three public ESS templates, run on the simulated clock against the world's
// ESS and ECS models. State lives in the context; this file wires the parts.
import type { OosModel, RegionWorld, RpcParams } from '../core/contracts';
import { addExecution, createOosContext, getExecution, type OosContext } from './context';
import { listExecutions, listTaskExecutions, type Page } from './listing';
import { createCommonParameters, type CommonParameters } from './common-parameters';
import { cancelExecution, notifyExecution, type NotifyInput } from './notify';
import { createRolloutRunner } from './rollout-runner';
import { startExecution, type StartExecutionInput } from './start';
import type { ExecutionRecord, TaskExecutionRecord } from './types';
import { executionToWire, taskToWire } from './wire';

export interface LocalOosModel extends OosModel {
  readonly kind: 'local-oos';
  startExecution(input: StartExecutionInput): ExecutionRecord;
  listExecutions(params: RpcParams): Page<ExecutionRecord>;
  listTaskExecutions(params: RpcParams): Page<TaskExecutionRecord>;
  notifyExecution(input: NotifyInput): void;
  cancelExecution(executionId: string | undefined): void;
  getExecution(executionId: string): ExecutionRecord;
  /** The parameter store (CreateParameter, GetParameter, UpdateParameter, DeleteParameter). */
  readonly parameters: CommonParameters;
  /** A parent execution that ended before the world was seeded (fleet history): listed, not run. */
  recordFinishedExecution(input: FinishedExecutionInput): ExecutionRecord;
  /** Wire shapes, for handlers and the admin view. */
  executionToWire(execution: ExecutionRecord, parametersAs: 'string' | 'object'): Record<string, unknown>;
  taskToWire(task: TaskExecutionRecord): Record<string, unknown>;
  /** Everything the admin view shows about one execution: the execution, its tasks, its children and their instances now. */
  describe(executionId: string): Record<string, unknown>;
}

export interface FinishedExecutionInput {
  templateName: string;
  status: 'Success' | 'Failed' | 'Cancelled';
  parameters: Record<string, unknown>;
  tags: Record<string, string>;
  startMs: number;
  endMs: number;
}

export function createOosModel(world: RegionWorld): LocalOosModel {
  // Other products are reached only at call time (they may not exist yet while the world is built).
  const ctx: OosContext = createOosContext(world);
  const runner = createRolloutRunner(ctx);

  return {
    kind: 'local-oos',
    executionsForGroup(scalingGroupId) {
      return [...ctx.executions.values()]
        .filter((e) => e.parentExecutionId === undefined && e.tags.scaling_group === scalingGroupId)
        .map((e) => ({ executionId: e.executionId, status: e.status }));
    },
    startExecution: (input) => startExecution(ctx, runner, input),
    listExecutions: (params) => listExecutions(ctx, params),
    listTaskExecutions: (params) => listTaskExecutions(ctx, params),
    notifyExecution: (input) => notifyExecution(ctx, runner, input),
    cancelExecution: (executionId) => cancelExecution(ctx, runner, executionId),
    getExecution: (executionId) => getExecution(ctx, executionId),
    parameters: createCommonParameters(world),
    recordFinishedExecution(input) {
      const execution: ExecutionRecord = {
        executionId: world.newId('exec-'),
        templateName: input.templateName,
        status: input.status,
        statusMessage: '',
        waitingStatus: '',
        parameters: input.parameters,
        tags: input.tags,
        outputs: {},
        mode: 'Automatic',
        loopMode: 'Automatic',
        // As rollgate starts its rollouts.
        safetyCheck: 'Skip',
        description: '',
        createMs: input.startMs,
        startMs: input.startMs,
        endMs: input.endMs,
        updateMs: input.endMs,
        isParent: true,
        tasks: [],
      };
      addExecution(ctx, execution);
      return execution;
    },
    executionToWire: (execution, parametersAs) => executionToWire(ctx, execution, parametersAs),
    taskToWire: (task) => taskToWire(ctx, task),
    describe(executionId) {
      const execution = getExecution(ctx, executionId);
      const childIds = [...(execution.rollout?.children.values() ?? [])];
      return {
        Execution: executionToWire(ctx, execution, 'object'),
        Tasks: execution.tasks.map((t) => taskToWire(ctx, t)),
        Approvals: (execution.rollout?.approvals ?? []).map((a) => ({
          Batch: a.batch,
          PausedAt: new Date(a.pausedAtMs).toISOString(),
          ApprovedAt: new Date(a.atMs).toISOString(),
        })),
        Children: childIds.map((id) => {
          const child = getExecution(ctx, id);
          const instance = world.ecs.findInstance(child.child?.instanceId ?? '');
          // The group may have been deleted since; the instance view then has no lifecycle state.
          const member = (() => {
            try {
              return world.ess
                .listInstances(child.child?.scalingGroupId ?? '')
                .find((i) => i.instanceId === instance?.instanceId);
            } catch {
              return undefined;
            }
          })();
          return {
            ...executionToWire(ctx, child, 'object'),
            Instance: instance && {
              InstanceId: instance.instanceId,
              ImageId: instance.imageId,
              Status: instance.status,
              LifecycleState: member?.lifecycleState ?? '',
              CommandsRun: instance.commandsRun,
              Packages: instance.packages,
            },
          };
        }),
      };
    },
  };
}

/** Narrows a world's OosModel to this implementation (handlers receive the contract type). */
export function localOos(world: RegionWorld): LocalOosModel {
  const oos = world.oos as Partial<LocalOosModel>;
  if (oos.kind !== 'local-oos') throw new Error('the world has no local OOS model');
  return oos as LocalOosModel;
}
