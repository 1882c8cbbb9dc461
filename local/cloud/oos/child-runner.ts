// Runs one child execution (one instance of a rolling update) through its
// steps on the simulated clock, and supports what the parent and
// NotifyExecution need: retry from the instance's current state, skip or
// cancel a failed or unfinished child, cancel with the parent.
import { stepsFor, type StepIo } from './child-steps';
import { describeError, setExecutionStatus, setTaskStatus, startTask, type OosContext } from './context';
import type { ExecutionRecord } from './types';

export interface ChildRunner {
  run(child: ExecutionRecord): void;
  retry(child: ExecutionRecord): void;
  /** SkipTask: the child counts as Success; an unfinished one stops where it is. */
  skip(child: ExecutionRecord, note: string): void;
  /** CancelTask: the child ends Failed as an accepted failure; an unfinished one stops where it is. */
  cancelTask(child: ExecutionRecord, note: string): void;
  cancel(child: ExecutionRecord): void;
}

export function createChildRunner(ctx: OosContext, onFinished: (child: ExecutionRecord) => void): ChildRunner {
  const { clock } = ctx.world;

  function runStep(child: ExecutionRecord, index: number): void {
    const state = child.child;
    if (!state || child.status !== 'Running') return;
    const steps = stepsFor(state.operation);
    const step = steps[index];
    if (!step) return finish(child, 'Success', '');
    if (step.skip?.(ctx.world, state)) return runStep(child, index + 1);

    const task = startTask(ctx, child, {
      taskName: step.taskName,
      taskAction: step.taskAction,
      properties: { instanceId: state.instanceId },
    });
    let settled = false;
    const settle = (): boolean => {
      if (settled || child.status !== 'Running') return false;
      settled = true;
      return true;
    };
    const io: StepIo = {
      world: ctx.world,
      state,
      childExecutionId: child.executionId,
      after: (seconds, then) => {
        state.timer = clock.schedule(
          seconds,
          () => {
            state.timer = undefined;
            if (child.status === 'Running') then();
          },
          `oos ${child.executionId} ${step.taskName}`,
        );
      },
      succeed: (outputs = {}) => {
        if (!settle()) return;
        setTaskStatus(ctx, task, 'Success', '', outputs);
        Object.assign(child.outputs, outputs);
        runStep(child, index + 1);
      },
      fail: (message) => {
        if (!settle()) return;
        setTaskStatus(ctx, task, 'Failed', message);
        finish(child, 'Failed', `Task ${step.taskName} failed: ${message}`);
      },
    };
    try {
      step.begin(io);
    } catch (error) {
      io.fail(describeError(error));
    }
  }

  function finish(child: ExecutionRecord, status: 'Success' | 'Failed', message: string): void {
    setExecutionStatus(ctx, child, status, message);
    if (child.child) setTaskStatus(ctx, child.child.itemTask, status, message, { ...child.outputs });
    onFinished(child);
  }

  function begin(child: ExecutionRecord): void {
    setExecutionStatus(ctx, child, 'Running');
    if (child.child) setTaskStatus(ctx, child.child.itemTask, 'Running');
    runStep(child, 0);
  }

  /** Stops an unfinished child where it is: no further step runs, its running task is cancelled. */
  function stop(child: ExecutionRecord, note: string): void {
    if (child.child?.timer !== undefined) {
      clock.cancel(child.child.timer);
      child.child.timer = undefined;
    }
    for (const task of child.tasks) if (task.status === 'Running') setTaskStatus(ctx, task, 'Cancelled', note);
  }

  return {
    run(child) {
      if (child.child) child.child.attempts = 1;
      begin(child);
    },
    retry(child) {
      if (child.child) child.child.attempts += 1;
      begin(child);
    },
    skip(child, note) {
      // The console's Skip: the instance counts as done but stays where it is (Standby).
      stop(child, note);
      setExecutionStatus(ctx, child, 'Success', note);
      if (child.child) setTaskStatus(ctx, child.child.itemTask, 'Success', note, { ...child.outputs });
    },
    cancelTask(child, note) {
      // The console's Cancel: this instance is marked Failed and the loop moves on to the next one.
      stop(child, note);
      if (child.child) child.child.failureAccepted = true;
      setExecutionStatus(ctx, child, 'Failed', note);
      if (child.child) setTaskStatus(ctx, child.child.itemTask, 'Failed', note, { ...child.outputs });
    },
    cancel(child) {
      if (child.status !== 'Running' && child.status !== 'Started' && child.status !== 'Waiting') return;
      if (child.child?.timer !== undefined) clock.cancel(child.child.timer);
      for (const task of child.tasks)
        if (task.status === 'Running') setTaskStatus(ctx, task, 'Cancelled', 'Execution cancelled.');
      setExecutionStatus(ctx, child, 'Cancelled', 'Cancelled with its parent execution.');
      if (child.child) setTaskStatus(ctx, child.child.itemTask, 'Cancelled', 'Execution cancelled.');
    },
  };
}
