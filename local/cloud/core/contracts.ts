// The seams between the emulator's products. Each product folder
// (local/cloud/<product>/) owns routes.ts, handlers.ts, model.ts, errors.ts;
// products talk to each other only through the model interfaces below, never
// through HTTP and never through each other's internals.

/** Simulated time. Every duration in the emulator runs on it. */
export interface Clock {
  /** Simulated epoch milliseconds. */
  now(): number;
  /** Simulated time as the APIs print it: `2024-01-01T00:00:00Z` (no millis). */
  iso(ms?: number): string;
  /** Run `task` once `delaySeconds` of simulated time have passed (0 = on the next advance/tick). */
  schedule(delaySeconds: number, task: () => void, label?: string): TimerId;
  cancel(id: TimerId): void;
  /** Advance simulated time, running due tasks in time order (tasks may schedule more). */
  advance(seconds: number): void;
  /** Seconds until the next scheduled task, or undefined when none is pending. */
  nextDueIn(): number | undefined;
}
export type TimerId = number;

/** An error with the real Alibaba Cloud code and HTTP status. */
export class ApiError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly httpStatus = 400,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

/** Wire parameters of an RPC call, flat as sent: `InstanceId.1`, `Tag.1.Key`, `Parameters` (JSON string). */
export type RpcParams = Readonly<Record<string, string>>;

export interface RpcRequest {
  action: string;
  version: string;
  params: RpcParams;
  world: RegionWorld;
  requestId: string;
}

/** Returns the response body without RequestId (the server adds it). Throws ApiError. */
export type RpcHandler = (req: RpcRequest) => Record<string, unknown>;

/** routes.ts of an RPC product: Version → Action → handler, as data. */
export type RpcRoutes = Readonly<Record<string, Readonly<Record<string, RpcHandler>>>>;

/** One account in one region: every product's state, sharing one clock and id source. */
export interface RegionWorld {
  readonly accountId: string;
  readonly regionId: string;
  readonly clock: Clock;
  /** Deterministic ids per world: `asg-` + 20 hex chars, `i-` …, `exec-` … */
  newId(prefix: string, length?: number): string;
  readonly faults: FaultModel;
  readonly ecs: EcsModel;
  readonly ess: EssModel;
  readonly oos: OosModel;
  readonly mns: MnsModel;
  readonly fc: FcModel;
}

// ---------------------------------------------------------------- faults
export interface FaultModel {
  /** Throttle/5xx/latency decisions for one incoming call (checked by the server before routing). */
  decide(product: string, action: string): { latencyMs: number; error?: ApiError };
  /** Instances whose next update (disk replacement, command, package) fails. */
  instanceUpdateFails(instanceId: string): boolean;
  /** Images whose instances boot Unhealthy. */
  imageBootsUnhealthy(imageId: string): boolean;
  /** Records that an update of the instance failed because of the fault (counts down its `times`). */
  consumeInstanceUpdateFailure(instanceId: string): void;
  /** True (and counted down) when the group's next scaling activity of this kind must fail. */
  takeScalingActivityFailure(scalingGroupId: string, kind: 'ScaleOut' | 'ScaleIn'): boolean;
  /** Like takeScalingActivityFailure, telling a whole failure from a partial one (all but one instance succeed). */
  takeScalingActivityFault?(scalingGroupId: string, kind: 'ScaleOut' | 'ScaleIn'): 'fail' | 'partial' | undefined;
}

// ---------------------------------------------------------------- ECS
export type EcsInstanceStatus = 'Pending' | 'Starting' | 'Running' | 'Stopping' | 'Stopped';
export interface EcsInstanceRecord {
  instanceId: string;
  instanceName: string;
  imageId: string;
  status: EcsInstanceStatus;
  /** Loopback address (127.x.y.z) so probes from this machine reach the instance's simulated services. */
  privateIp: string;
  zoneId: string;
  instanceType: string;
  tags: Record<string, string>;
  creationTime: string;
  /** Simulated application health: from the image and injected faults. */
  healthy: boolean;
  systemDiskId: string;
  /** Script revisions run on it (newest last) and installed packages, for the admin API. */
  commandsRun: Array<{ invokeId: string; content: string; exitCode: number; at: string }>;
  packages: Record<string, string>;
}

export interface EcsModel {
  createInstance(opts: {
    imageId: string;
    instanceType: string;
    zoneId?: string;
    name?: string;
    tags?: Record<string, string>;
  }): EcsInstanceRecord;
  getInstance(instanceId: string): EcsInstanceRecord; // throws InvalidInstanceId.NotFound
  findInstance(instanceId: string): EcsInstanceRecord | undefined;
  deleteInstance(instanceId: string): void;
  setStatus(instanceId: string, status: EcsInstanceStatus): void;
  /** Swaps the system disk to `imageId`: new disk id, health re-derived from the image. */
  replaceSystemDisk(instanceId: string, imageId: string): { diskId: string };
  /**
   * Cloud Assistant run: registers an invocation that finishes after its
   * simulated duration; exit code 0 unless a fault applies or the script says `exit N`.
   */
  runCommand(opts: { instanceIds: string[]; content: string; type: string; name?: string; timeoutSeconds?: number }): {
    invokeId: string;
    commandId: string;
  };
  getInvocation(invokeId: string):
    | {
        invokeId: string;
        status: 'Running' | 'Finished' | 'Failed';
        results: Array<{ instanceId: string; exitCode: number; output: string; status: string }>;
      }
    | undefined;
  setPackage(instanceId: string, name: string, version: string | undefined): void;
  tagInstance(instanceId: string, tags: Record<string, string>): void;
  getImage(imageId: string): { imageId: string; status: string; imageFamily?: string } | undefined;
}

// ---------------------------------------------------------------- ESS
export const SCALING_PROCESSES = [
  'ScaleIn',
  'ScaleOut',
  'HealthCheck',
  'AlarmNotification',
  'ScheduledAction',
] as const;
export type ScalingProcess = (typeof SCALING_PROCESSES)[number];
export type ScalingInstanceLifecycle =
  'InService' | 'Pending' | 'Pending:Wait' | 'Protected' | 'Standby' | 'Stopped' | 'Removing' | 'Removing:Wait';

export interface ScalingGroupRecord {
  scalingGroupId: string;
  scalingGroupName: string;
  lifecycleState: 'Active' | 'Inactive' | 'Deleting';
  activeScalingConfigurationId?: string;
  minSize: number;
  maxSize: number;
  desiredCapacity?: number;
  suspendedProcesses: ScalingProcess[];
  tags: Record<string, string>;
  creationTime: string;
}

export interface ScalingInstanceRecord {
  instanceId: string;
  scalingGroupId: string;
  scalingConfigurationId?: string;
  lifecycleState: ScalingInstanceLifecycle;
  healthStatus: 'Healthy' | 'Unhealthy';
  creationType: 'AutoCreated' | 'Attached';
  createdTime: string;
}

export interface ScalingConfigurationRecord {
  scalingConfigurationId: string;
  scalingConfigurationName: string;
  scalingGroupId: string;
  imageId: string;
  instanceType: string;
  lifecycleState: 'Active' | 'Inactive';
}

export interface EssModel {
  getGroup(scalingGroupId: string): ScalingGroupRecord; // throws InvalidScalingGroupId.NotFound (404)
  listInstances(
    scalingGroupId: string,
    filter?: { lifecycleStates?: string[]; creationTypes?: string[] },
  ): ScalingInstanceRecord[];
  getScalingConfiguration(scalingConfigurationId: string): ScalingConfigurationRecord;
  /** True while a scaling activity of the group is InProgress. */
  activityInProgress(scalingGroupId: string): boolean;
  suspendProcesses(scalingGroupId: string, processes: readonly string[]): void;
  resumeProcesses(scalingGroupId: string, processes: readonly string[]): void;
  enterStandby(scalingGroupId: string, instanceIds: readonly string[]): void;
  exitStandby(scalingGroupId: string, instanceIds: readonly string[]): void;
  modifyScalingConfigurationImage(scalingConfigurationId: string, imageId: string): void;
  /** SetInstancesProtection: InService ⇄ Protected (OOS lifts protection around an update of a Protected instance). */
  setProtection(scalingGroupId: string, instanceIds: readonly string[], protectedFromScaleIn: boolean): void;
}

// ---------------------------------------------------------------- OOS
export interface OosModel {
  /** For ESS/admin views: executions tagged scaling_group=<id>. */
  executionsForGroup(scalingGroupId: string): Array<{ executionId: string; status: string }>;
}

// ---------------------------------------------------------------- MNS
export interface MnsModel {
  /** Publish to a topic as PublishMessage does; returns the MessageId. Throws TopicNotExist. */
  publish(topicName: string, body: string, tag?: string): string;
  /** Put a message on a queue as SendMessage does. Throws QueueNotExist. */
  sendToQueue(queueName: string, body: string): string;
  ensureTopic(topicName: string): void;
  ensureQueue(queueName: string): void;
}

// ---------------------------------------------------------------- FC
/** A function the local runtime registered; FC invoke and MNS/timer triggers call it. */
export type LocalFunctionHandler = (event: Buffer, context: Record<string, unknown>) => Promise<unknown>;

export interface FcModel {
  register(functionName: string, handler: LocalFunctionHandler): void;
  /** Sync invoke: the handler's result (objects JSON-encoded). Throws FunctionNotFound (404). */
  invoke(functionName: string, payload: Buffer, mode: 'Sync' | 'Async'): Promise<{ status: number; body: Buffer }>;
}

// ---------------------------------------------------------------- non-RPC protocols
/** A request as the server read it, before any product parsed it. */
export interface RawHttpRequest {
  method: string;
  /** Path without the query string, not decoded. */
  path: string;
  /** The raw query string without `?` (signatures need it byte-exact). */
  rawQuery: string;
  query: URLSearchParams;
  /** Lower-cased header names. */
  headers: Readonly<Record<string, string>>;
  body: Buffer;
}
export interface RawHttpResponse {
  status: number;
  headers?: Record<string, string>;
  body?: string | Buffer;
}

/** What a REST-style product (MNS, FC, the admin API) gets from the server. */
export interface LocalCloudContext {
  /** The world of one account/region, created on first use. */
  world(accountId: string, regionId: string): RegionWorld;
  readonly defaultAccountId: string;
  readonly defaultRegionId: string;
  /** Secret for an AccessKey id the cloud accepts, or undefined (→ InvalidAccessKeyId.NotFound). */
  secretFor(accessKeyId: string): string | undefined;
  /** Whether signatures are checked (on by default; tests of behaviour may switch it off). */
  readonly verifySignatures: boolean;
}

/**
 * MNS (`/topics`, `/queues`), FC (`/2023-03-30/…`) and the admin API (`/_local/…`)
 * plug into the one HTTP server through this. First product whose `matches` is true handles the request.
 */
export interface RestProduct {
  readonly name: string;
  matches(req: RawHttpRequest): boolean;
  /** The API action a request calls (`PublishMessage`, `InvokeFunction`), counted as served; undefined for admin routes. */
  actionOf?(req: RawHttpRequest): string | undefined;
  handle(req: RawHttpRequest, ctx: LocalCloudContext): Promise<RawHttpResponse>;
}

/*
 * Factory convention: each product's model.ts exports
 *   createEcsModel(world), createEssModel(world), createOosModel(world), createMnsModel(world), createFcModel(world)
 * returning an object that implements the interface above (plus whatever its own handlers need;
 * a product's handlers may narrow `world.<product>` to their own concrete type).
 * core/world.ts builds one RegionWorld per (account, region) by calling them.
 */
