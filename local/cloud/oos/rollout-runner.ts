// The parent execution of a rolling update, after the public templates' task
// graph (research §2b): find instances → suspend processes → [point the
// scaling configuration at the new image] → loop over instances in batches
// (one child execution each, pausing as batchPauseOption says, failing or
// failure-pausing beyond maxErrors) → tag instances → resume processes.
import { createChildRunner } from './child-runner';
import { createChildExecution } from './loop-items';
import { describeError, getExecution, setExecutionStatus, setTaskStatus, startTask, type OosContext } from './context';
import { OOS_STEP_SECONDS } from './durations';
import { maxErrorsOf } from './parameters';
import { calculateBatch, splitIntoBatches } from './templates';
import type { ExecutionRecord, RolloutState } from './types';

export interface RolloutRunner {
  begin(execution: ExecutionRecord): void;
  /** NotifyExecution Approve at a batch pause. */
  continueAfterPause(execution: ExecutionRecord): void;
  /** NotifyExecution RetryTask at a failure pause. */
  retryChild(execution: ExecutionRecord, child: ExecutionRecord): void;
  /** NotifyExecution SkipTask / CancelTask on a failed child at a failure pause, or on an unfinished child. */
  skipChild(execution: ExecutionRecord, child: ExecutionRecord, note: string): void;
  cancelChild(execution: ExecutionRecord, child: ExecutionRecord, note: string): void;
  cancel(execution: ExecutionRecord, message: string): void;
  /** Ends the execution as Failed without cleaning up (NotifyExecution Reject). */
  fail(execution: ExecutionRecord, message: string): void;
}

type Phase = (execution: ExecutionRecord, rollout: RolloutState) => void;

export function createRolloutRunner(ctx: OosContext): RolloutRunner {
  const { world } = ctx;
  const children = createChildRunner(ctx, (child) => onChildFinished(child));

  /** One parent task that takes `seconds`, applies `effect`, then goes on with `next`. */
  function parentStep(
    execution: ExecutionRecord,
    rollout: RolloutState,
    task: { taskName: string; taskAction: string; properties?: Record<string, unknown> },
    seconds: number,
    effect: () => Record<string, unknown> | void,
    next: Phase,
  ): void {
    const record = startTask(ctx, execution, task);
    setExecutionStatus(ctx, execution, 'Running');
    rollout.timer = world.clock.schedule(
      seconds,
      () => {
        rollout.timer = undefined;
        if (execution.status !== 'Running') return;
        let outputs: Record<string, unknown> | void;
        try {
          outputs = effect();
        } catch (error) {
          const message = describeError(error);
          setTaskStatus(ctx, record, 'Failed', message);
          return fail(execution, `Task ${task.taskName} failed: ${message}`);
        }
        setTaskStatus(ctx, record, 'Success', '', outputs ?? {});
        next(execution, rollout);
      },
      `oos ${execution.executionId} ${task.taskName}`,
    );
  }

  const findInstances: Phase = (execution, rollout) => {
    const rollback = rollout.sourceExecutionId !== undefined;
    const task = rollback
      ? {
          taskName: 'getExecutionInstanceIds',
          taskAction: 'ACS::ExecuteAPI',
          properties: { ParentExecutionId: rollout.sourceExecutionId },
        }
      : {
          taskName: 'getInstance',
          taskAction: 'ACS::ExecuteAPI',
          properties: { ScalingGroupId: rollout.scalingGroupId },
        };
    parentStep(
      execution,
      rollout,
      task,
      OOS_STEP_SECONDS.describeInstances,
      () => {
        rollout.items = rollback ? sourceItems(rollout) : groupItems(rollout);
        rollout.concurrency = calculateBatch(rollout.params.batchNumber, rollout.items.length);
        rollout.batches = splitIntoBatches(
          rollout.items.map((i) => i.instanceId),
          rollout.concurrency,
        );
        return { instanceIds: rollout.items.map((i) => i.instanceId) };
      },
      (e, r) => (r.items.length === 0 && !rollback ? succeed(e, r) : suspendProcesses(e, r)),
    );
  };

  function groupItems(rollout: RolloutState): RolloutState['items'] {
    const lifecycleStates = [...rollout.params.lifecycleState];
    return world.ess
      .listInstances(rollout.scalingGroupId, { lifecycleStates, creationTypes: ['AutoCreated', 'Attached'] })
      .map((i) => ({ instanceId: i.instanceId, lifecycleState: i.lifecycleState }));
  }

  /** A rollback covers exactly the instances that had a child in the source run and still exist. */
  function sourceItems(rollout: RolloutState): RolloutState['items'] {
    const source = getExecution(ctx, rollout.sourceExecutionId ?? '');
    return [...(source.rollout?.children.values() ?? [])].flatMap((childId) => {
      const child = getExecution(ctx, childId).child;
      return child && world.ecs.findInstance(child.instanceId)
        ? [{ instanceId: child.instanceId, lifecycleState: child.lifecycleState }]
        : [];
    });
  }

  const suspendProcesses: Phase = (execution, rollout) => {
    if (rollout.enterProcess.length === 0) return modifyScalingConfiguration(execution, rollout);
    // The rollback path of the templates suspends the source's enterProcess in a task of its own name.
    const taskName = rollout.sourceExecutionId === undefined ? 'suspendProcess' : 'suspendProcessWithRollBack';
    const task = { taskName, taskAction: 'ACS::ExecuteAPI', properties: { Process: rollout.enterProcess } };
    parentStep(
      execution,
      rollout,
      task,
      OOS_STEP_SECONDS.suspendProcesses,
      () => {
        world.ess.suspendProcesses(rollout.scalingGroupId, rollout.enterProcess);
      },
      modifyScalingConfiguration,
    );
  };

  const modifyScalingConfiguration: Phase = (execution, rollout) => {
    const { params, operation } = rollout;
    if (params.kind !== 'image' || operation.rollBack || params.scalingConfigurationId === '')
      return startLoop(execution, rollout);
    const task = {
      taskName: 'modifyScalingConfiguration',
      taskAction: 'ACS::ExecuteAPI',
      properties: { ScalingConfigurationId: params.scalingConfigurationId, ImageId: params.imageId },
    };
    parentStep(
      execution,
      rollout,
      task,
      OOS_STEP_SECONDS.modifyScalingConfiguration,
      () => {
        world.ess.modifyScalingConfigurationImage(params.scalingConfigurationId, params.imageId);
      },
      startLoop,
    );
  };

  const startLoop: Phase = (execution, rollout) => {
    const { template } = rollout;
    rollout.loopTask = startTask(ctx, execution, {
      taskName: rollout.operation.rollBack ? template.rollbackLoopTask : template.invokeLoopTask,
      taskAction: template.childAction,
      loopBatchNumber: 0,
      loop: loopInfo(rollout),
    });
    rollout.batchIndex = 0;
    // A rollback whose source's instances are all gone loops over nothing and goes on to resume the processes.
    if (rollout.items.length === 0) return afterBatch(execution, rollout);
    runBatch(execution, rollout);
  };

  function loopInfo(rollout: RolloutState): Record<string, unknown> {
    return {
      Items: rollout.items.length,
      Concurrency: rollout.concurrency,
      BatchPauseOption: rollout.params.batchPauseOption,
      MaxErrors: maxErrorsOf(rollout.params),
      TotalBatches: rollout.batches.length,
      FinishedBatches: rollout.loopTask?.loopBatchNumber ?? 0,
    };
  }

  function runBatch(execution: ExecutionRecord, rollout: RolloutState): void {
    const loopTask = rollout.loopTask!;
    setExecutionStatus(ctx, execution, 'Running');
    setTaskStatus(ctx, loopTask, 'Running');
    const batch = rollout.batches[rollout.batchIndex] ?? [];
    const lifecycleOf = new Map(rollout.items.map((i) => [i.instanceId, i.lifecycleState]));
    for (const instanceId of batch) {
      const child = createChildExecution(
        ctx,
        execution,
        rollout,
        instanceId,
        lifecycleOf.get(instanceId) ?? 'InService',
      );
      children.run(child);
    }
  }

  function childrenOf(rollout: RolloutState): ExecutionRecord[] {
    return [...rollout.children.values()].map((id) => getExecution(ctx, id));
  }

  function onChildFinished(child: ExecutionRecord): void {
    const parent = ctx.executions.get(child.child?.parentExecutionId ?? '');
    const rollout = parent?.rollout;
    if (!parent || !rollout || parent.status !== 'Running') return;
    if (childrenOf(rollout).some((c) => c.status === 'Running' || c.status === 'Started')) return;
    afterBatch(parent, rollout);
  }

  /** All children started so far have ended: fail, failure-pause, batch-pause or go on. */
  function afterBatch(execution: ExecutionRecord, rollout: RolloutState): void {
    const loopTask = rollout.loopTask!;
    loopTask.loopBatchNumber = rollout.batchIndex + 1;
    loopTask.loop = loopInfo(rollout);
    const failed = childrenOf(rollout).filter(
      (c) => (c.status === 'Failed' || c.status === 'Cancelled') && !c.child?.failureAccepted,
    );
    const maxErrors = maxErrorsOf(rollout.params);
    if (failed.length > maxErrors) {
      const which = failed.map((c) => c.child?.instanceId).join(', ');
      const summary = `${failed.length} instance(s) failed to update, more than maxErrors ${maxErrors}: ${which}.`;
      if (execution.mode === 'FailurePause') {
        setTaskStatus(ctx, loopTask, 'Waiting', summary);
        return setExecutionStatus(
          ctx,
          execution,
          'Waiting',
          `${summary} Waiting for NotifyExecution RetryTask, SkipTask or CancelTask on each failed task, or CancelExecution.`,
          'FailurePause',
        );
      }
      setTaskStatus(ctx, loopTask, 'Failed', summary);
      return fail(execution, `Task ${loopTask.taskName} failed: ${summary}`);
    }
    const total = rollout.batches.length;
    const finished = rollout.batchIndex + 1;
    if (finished < total) {
      const option = rollout.params.batchPauseOption;
      const pauses = option === 'EveryBatchPause' || (option === 'FirstBatchPause' && rollout.batchIndex === 0);
      if (pauses && rollout.batchesContinued < finished) {
        setTaskStatus(ctx, loopTask, 'Waiting', `Batch ${finished} of ${total} finished.`);
        rollout.pausedAtMs = world.clock.now();
        return setExecutionStatus(
          ctx,
          execution,
          'Waiting',
          `Batch ${finished} of ${total} finished. Waiting for NotifyExecution Approve to continue.`,
          'BatchPause',
        );
      }
      rollout.batchesContinued = Math.max(rollout.batchesContinued, finished);
      rollout.batchIndex += 1;
      return runBatch(execution, rollout);
    }
    setTaskStatus(ctx, loopTask, 'Success', '', { [loopOutputName(rollout)]: loopOutputs(rollout) });
    // Only the invoke path tags the instances it updated; the rollback path goes straight to resuming processes.
    if (rollout.operation.rollBack) return resumeProcesses(execution, rollout);
    tagInstances(execution, rollout);
  }

  function loopOutputName(rollout: RolloutState): string {
    return rollout.operation.kind === 'image' ? 'newSystemDiskIds' : 'commandOutputs';
  }

  function loopOutputs(rollout: RolloutState): unknown[] {
    const key =
      rollout.operation.kind === 'image'
        ? 'newSystemDiskId'
        : rollout.operation.kind === 'script'
          ? 'invocationOutput'
          : 'commandOutput';
    return childrenOf(rollout).map((c) => c.outputs[key] ?? '');
  }

  const tagInstances: Phase = (execution, rollout) => {
    const tag = { 'ess:rollingupdate': `oos:${execution.executionId}` };
    const task = {
      taskName: 'tagInstance',
      taskAction: 'ACS::ExecuteAPI',
      properties: { ResourceType: 'Instance', Tags: tag },
    };
    parentStep(
      execution,
      rollout,
      task,
      OOS_STEP_SECONDS.tagInstances,
      () => {
        for (const { instanceId } of rollout.items)
          if (world.ecs.findInstance(instanceId)) world.ecs.tagInstance(instanceId, tag);
      },
      resumeProcesses,
    );
  };

  const resumeProcesses: Phase = (execution, rollout) => {
    // Exactly the exitProcess list (a rollback: the source's), whatever was suspended before: keeping an
    // operator's suspension is the caller's job, by what it passes as exitProcess.
    const processes = rollout.exitProcess;
    if (processes.length === 0) return succeed(execution, rollout);
    const taskName = rollout.sourceExecutionId === undefined ? 'resumeProcesses' : 'resumeProcessesWithRollback';
    const task = { taskName, taskAction: 'ACS::ExecuteAPI', properties: { Process: processes } };
    parentStep(
      execution,
      rollout,
      task,
      OOS_STEP_SECONDS.resumeProcesses,
      () => {
        world.ess.resumeProcesses(rollout.scalingGroupId, processes);
      },
      succeed,
    );
  };

  function succeed(execution: ExecutionRecord, rollout: RolloutState): void {
    execution.outputs = { commandOutputs: rollout.loopTask ? loopOutputs(rollout) : [] };
    setExecutionStatus(ctx, execution, 'Success');
  }

  function fail(execution: ExecutionRecord, message: string): void {
    for (const task of execution.tasks)
      if (task.status === 'Running' || task.status === 'Waiting') setTaskStatus(ctx, task, 'Failed', message);
    setExecutionStatus(ctx, execution, 'Failed', message);
  }

  /** After a child was skipped or cancelled: the loop goes on once no child of the batch runs. */
  function afterDecision(execution: ExecutionRecord): void {
    const rollout = execution.rollout!;
    if (childrenOf(rollout).some((c) => c.status === 'Running' || c.status === 'Started')) return;
    setExecutionStatus(ctx, execution, 'Running');
    afterBatch(execution, rollout);
  }

  return {
    begin(execution) {
      const rollout = execution.rollout;
      if (!rollout) return;
      setExecutionStatus(ctx, execution, 'Running');
      findInstances(execution, rollout);
    },
    continueAfterPause(execution) {
      const rollout = execution.rollout!;
      rollout.approvals.push({
        batch: rollout.batchIndex + 1,
        pausedAtMs: rollout.pausedAtMs ?? execution.updateMs,
        atMs: world.clock.now(),
      });
      rollout.batchesContinued = rollout.batchIndex + 1;
      rollout.batchIndex += 1;
      runBatch(execution, rollout);
    },
    retryChild(execution, child) {
      setExecutionStatus(ctx, execution, 'Running');
      setTaskStatus(ctx, execution.rollout!.loopTask!, 'Running');
      children.retry(child);
    },
    skipChild(execution, child, note) {
      children.skip(child, note);
      afterDecision(execution);
    },
    cancelChild(execution, child, note) {
      children.cancelTask(child, note);
      afterDecision(execution);
    },
    cancel(execution, message) {
      const rollout = execution.rollout;
      if (rollout?.timer !== undefined) world.clock.cancel(rollout.timer);
      if (rollout) for (const child of childrenOf(rollout)) children.cancel(child);
      for (const task of execution.tasks)
        if (task.status === 'Running' || task.status === 'Waiting') setTaskStatus(ctx, task, 'Cancelled', message);
      if (execution.child) {
        // A cancelled child counts as a failed loop item of its parent.
        children.cancel(execution);
        setExecutionStatus(ctx, execution, 'Cancelled', message);
        return onChildFinished(execution);
      }
      setExecutionStatus(ctx, execution, 'Cancelled', message);
    },
    fail,
  };
}
