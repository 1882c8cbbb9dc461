// What one child execution does to its instance, step by step, after the
// nested templates ACS::ESS::ReplaceSystemDisk / RunCommand /
// ConfigureOOSPackage (research §2b). A failing step ends the child where it
// is: the instance stays in Standby (and stopped, for a failed disk swap).
import { ApiError, type RegionWorld } from '../core/contracts';
import { OOS_STEP_SECONDS } from './durations';
import type { ChildOperation, ChildState } from './types';

export interface StepIo {
  readonly world: RegionWorld;
  readonly state: ChildState;
  readonly childExecutionId: string;
  /** Runs `then` after `seconds` of simulated time, unless the child was cancelled meanwhile. */
  after(seconds: number, then: () => void): void;
  succeed(outputs?: Record<string, unknown>): void;
  fail(message: string): void;
}

export interface ChildStep {
  readonly taskName: string;
  readonly taskAction: string;
  /** True when the instance's state makes the step unnecessary (the template's Choice tasks). */
  skip?(world: RegionWorld, state: ChildState): boolean;
  begin(io: StepIo): void;
}

/** The template's ACS::WaitFor on EnterStandby/ExitStandby: these codes are retried, every 10 s, 30 times. */
interface RetryPolicy {
  codes: readonly string[];
  delaySeconds: number;
  retries: number;
}

const STANDBY_RETRY: RetryPolicy = {
  codes: ['IncorrectScalingGroupStatus', 'BackendServer.configuring'],
  delaySeconds: OOS_STEP_SECONDS.standbyRetryDelay,
  retries: 30,
};

/** A step that takes `seconds` and then applies `effect` (which may throw to fail the step, or be retried per `retry`). */
function timed(
  taskName: string,
  taskAction: string,
  seconds: number,
  effect: (io: StepIo) => Record<string, unknown> | void,
  skip?: ChildStep['skip'],
  retry?: RetryPolicy,
): ChildStep {
  return {
    taskName,
    taskAction,
    skip,
    begin: (io) => {
      const attempt = (retriesLeft: number): void => {
        let outputs: Record<string, unknown> | void;
        try {
          outputs = effect(io);
        } catch (error) {
          if (retry && retriesLeft > 0 && error instanceof ApiError && retry.codes.includes(error.code)) {
            return io.after(retry.delaySeconds, () => attempt(retriesLeft - 1));
          }
          return io.fail(
            error instanceof ApiError
              ? `${error.code}: ${error.message}`
              : error instanceof Error
                ? error.message
                : String(error),
          );
        }
        io.succeed(outputs ?? {});
      };
      io.after(seconds, () => attempt(retry?.retries ?? 0));
    },
  };
}

function scalingInstance(world: RegionWorld, state: ChildState) {
  return world.ess.listInstances(state.scalingGroupId).find((i) => i.instanceId === state.instanceId);
}

const enterStandby = timed(
  'enterStandby',
  'ACS::WaitFor',
  OOS_STEP_SECONDS.enterStandby,
  ({ world, state }) => {
    if (!scalingInstance(world, state))
      throw new Error(`Instance ${state.instanceId} is not in scaling group ${state.scalingGroupId}.`);
    world.ess.enterStandby(state.scalingGroupId, [state.instanceId]);
  },
  (world, state) => scalingInstance(world, state)?.lifecycleState === 'Standby',
  STANDBY_RETRY,
);

const exitStandby = timed(
  'exitStandBy',
  'ACS::WaitFor',
  OOS_STEP_SECONDS.exitStandby,
  ({ world, state }) => world.ess.exitStandby(state.scalingGroupId, [state.instanceId]),
  undefined,
  STANDBY_RETRY,
);

// A Protected instance cannot enter Standby: protection is lifted first and restored at the end.
const unprotect = timed(
  'setInstancesProtectionToFalse',
  'ACS::ExecuteAPI',
  OOS_STEP_SECONDS.setInstancesProtection,
  ({ world, state }) => world.ess.setProtection(state.scalingGroupId, [state.instanceId], false),
  (world, state) => scalingInstance(world, state)?.lifecycleState !== 'Protected',
);

const reprotect = timed(
  'setInstancesProtectionToTrue',
  'ACS::ExecuteAPI',
  OOS_STEP_SECONDS.setInstancesProtection,
  ({ world, state }) => world.ess.setProtection(state.scalingGroupId, [state.instanceId], true),
  (_world, state) => state.lifecycleState !== 'Protected',
);

/** Package installs are not an ECS call here, so the injected update fault is checked (and counted down) by OOS. */
function injectedFault(world: RegionWorld, instanceId: string, what: string): void {
  if (!world.faults.instanceUpdateFails(instanceId)) return;
  world.faults.consumeInstanceUpdateFailure(instanceId);
  throw new Error(`${what} failed on instance ${instanceId} (injected fault).`);
}

function imageSteps(imageId: string): ChildStep[] {
  return [
    unprotect,
    enterStandby,
    timed(
      'stopInstance',
      'ACS::ECS::StopInstance',
      OOS_STEP_SECONDS.stopInstance,
      ({ world, state }) => world.ecs.setStatus(state.instanceId, 'Stopped'),
      (world, state) => world.ecs.findInstance(state.instanceId)?.status === 'Stopped',
    ),
    timed('replaceSystemDisk', 'ACS::ExecuteAPI', OOS_STEP_SECONDS.replaceSystemDisk, ({ world, state }) => {
      // ECS applies the injected update fault of the instance itself.
      const { diskId } = world.ecs.replaceSystemDisk(state.instanceId, imageId);
      return { newSystemDiskId: diskId };
    }),
    timed('startInstance', 'ACS::ECS::StartInstance', OOS_STEP_SECONDS.startInstance, ({ world, state }) =>
      world.ecs.setStatus(state.instanceId, 'Running'),
    ),
    exitStandby,
    reprotect,
  ];
}

/**
 * ACS::ESS::RunCommand: RunCommand with the child's `timeout` (default 600),
 * then untilInvocationReady (DescribeInvocations, 20 retries) until it ends;
 * a wait that runs out of retries or a non-zero exit code fails the child.
 */
export const RUN_COMMAND = { timeoutSeconds: 600, waitRetries: 20 } as const;

function runCommandStep(content: string, commandType: string): ChildStep {
  return {
    taskName: 'runCommand',
    taskAction: 'ACS::ECS::RunCommand',
    begin: (io) => {
      const { invokeId } = io.world.ecs.runCommand({
        instanceIds: [io.state.instanceId],
        content,
        type: commandType,
        name: io.childExecutionId,
        timeoutSeconds: RUN_COMMAND.timeoutSeconds,
      });
      let retriesLeft: number = RUN_COMMAND.waitRetries;
      const poll = (): void => {
        const invocation = io.world.ecs.getInvocation(invokeId);
        if (!invocation) return io.fail(`Invocation ${invokeId} is not found.`);
        if (invocation.status === 'Running') {
          if (retriesLeft === 0)
            return io.fail(
              `Task untilInvocationReady gave up: invocation ${invokeId} still running after ${RUN_COMMAND.waitRetries} retries.`,
            );
          retriesLeft -= 1;
          return io.after(OOS_STEP_SECONDS.commandWaitRetryDelay, poll);
        }
        const result = invocation.results.find((r) => r.instanceId === io.state.instanceId);
        const exitCode = result?.exitCode ?? -1;
        const output = result?.output ?? '';
        if (invocation.status === 'Failed' || exitCode !== 0) {
          return io.fail(
            `Command ${invokeId} ended with exit code ${exitCode} on instance ${io.state.instanceId}. Output: ${output}`,
          );
        }
        io.succeed({ invokeId, invocationOutput: output });
      };
      io.after(OOS_STEP_SECONDS.commandPollInterval, poll);
    },
  };
}

function packageStep(op: Extract<ChildOperation, { kind: 'package' }>): ChildStep {
  return timed(
    'configurePackage',
    'ACS::ECS::ConfigureOOSPackage',
    OOS_STEP_SECONDS.configurePackage,
    ({ world, state }) => {
      injectedFault(world, state.instanceId, `Package ${op.action} of ${op.packageName}`);
      const version = op.action === 'install' ? op.packageVersion || 'latest' : undefined;
      world.ecs.setPackage(state.instanceId, op.packageName, version);
      return { commandOutput: `${op.action} ${op.packageName}${version ? `@${version}` : ''}` };
    },
  );
}

export function stepsFor(op: ChildOperation): ChildStep[] {
  switch (op.kind) {
    case 'image':
      return imageSteps(op.imageId);
    case 'script':
      return [unprotect, enterStandby, runCommandStep(op.content, op.commandType), exitStandby, reprotect];
    case 'package':
      return [unprotect, enterStandby, packageStep(op), exitStandby, reprotect];
  }
}
