// Simulated seconds each step of a rolling update takes. They are the only
// source of OOS timing in the local cloud (tests compute expected totals from
// them). The values approximate what the real steps take on a small Linux
// instance: an ESS API call is quick, stopping and starting an instance takes
// tens of seconds, a system-disk replacement about a minute.
export const OOS_STEP_SECONDS = {
  /** Parent: DescribeScalingInstances (or ListExecutions of the source, for a rollback). */
  describeInstances: 2,
  /** Parent: ESS SuspendProcesses. */
  suspendProcesses: 2,
  /** Parent: ESS ModifyScalingConfiguration(ImageId) — image template with scalingConfigurationId only. */
  modifyScalingConfiguration: 2,
  /** Child: ESS SetInstancesProtection, before and after updating a Protected instance only. */
  setInstancesProtection: 2,
  /** Child: ESS EnterStandby (skipped when the instance is already in Standby). */
  enterStandby: 10,
  /** Child: ECS StopInstance until Stopped (skipped when already Stopped). */
  stopInstance: 30,
  /** Child: ECS ReplaceSystemDisk until the new disk is In_use. */
  replaceSystemDisk: 60,
  /** Child: ECS StartInstance until Running. */
  startInstance: 40,
  /** Child: first DescribeInvocations after RunCommand. */
  commandPollInterval: 5,
  /**
   * Child: untilInvocationReady's delay between its 20 retries. The template sets no Delay; 30 s (unverified) makes
   * the wait last about as long as the command's 600 s Timeout.
   */
  commandWaitRetryDelay: 30,
  /** Child: installing or uninstalling an OOS package through Cloud Assistant. */
  configurePackage: 45,
  /** Child: wait before retrying EnterStandby/ExitStandby refused with IncorrectScalingGroupStatus (template: 30 tries). */
  standbyRetryDelay: 10,
  /** Child: ESS ExitStandby. */
  exitStandby: 10,
  /** Parent: ECS TagResources ess:rollingupdate on every updated instance. */
  tagInstances: 2,
  /** Parent: ESS ResumeProcesses. */
  resumeProcesses: 2,
} as const;

export type OosStep = keyof typeof OOS_STEP_SECONDS;
