// A small in-memory RegionWorld for OOS model tests: ESS groups and members,
// ECS instances, images and Cloud Assistant runs, and update faults. Only
// what the OOS model touches, with the same error behaviour where it matters
// (EnterStandby refuses instances that are not InService/Standby).
import {
  ApiError,
  type Clock,
  type EcsInstanceRecord,
  type EcsModel,
  type EssModel,
  type RegionWorld,
  type ScalingGroupRecord,
  type ScalingInstanceRecord,
  type ScalingProcess,
} from '../../../local/cloud/core/contracts';
import { SimClock } from '../../../local/cloud/core/clock';
import { LocalFaultModel } from '../../../local/cloud/core/faults';
import { createOosModel, type LocalOosModel } from '../../../local/cloud/oos/model';

export const COMMAND_SECONDS = 12;

export interface FakeWorld extends RegionWorld {
  readonly clock: SimClock;
  readonly oos: LocalOosModel;
  readonly faults: LocalFaultModel;
  /** The instance's next `times` updates fail (the core fault model's instanceUpdateFailures). */
  failUpdates(instanceId: string, times: number): void;
  readonly groups: Map<string, ScalingGroupRecord>;
  readonly members: Map<string, ScalingInstanceRecord>;
  readonly configurations: Map<string, { scalingConfigurationId: string; scalingGroupId: string; imageId: string }>;
  readonly instances: Map<string, EcsInstanceRecord>;
  readonly images: Map<string, { imageId: string; status: string }>;
  activity: boolean;
}

function notFound(code: string, id: string): ApiError {
  return new ApiError(code, `The specified ${id} does not exist.`, 404);
}

export function createFakeWorld(): FakeWorld {
  const clock = new SimClock({ startMs: Date.UTC(2024, 0, 1) });
  let counter = 0;
  const newId = (prefix: string, length = 20) => prefix + (++counter).toString(16).padStart(length, '0');
  const groups = new Map<string, ScalingGroupRecord>();
  const members = new Map<string, ScalingInstanceRecord>();
  const configurations = new Map<string, { scalingConfigurationId: string; scalingGroupId: string; imageId: string }>();
  const instances = new Map<string, EcsInstanceRecord>();
  const images = new Map<string, { imageId: string; status: string }>();
  const invocations = new Map<
    string,
    {
      invokeId: string;
      status: 'Running' | 'Finished' | 'Failed';
      results: Array<{ instanceId: string; exitCode: number; output: string; status: string }>;
    }
  >();

  const faults = new LocalFaultModel();

  const getInstance = (id: string) =>
    instances.get(id) ??
    (() => {
      throw notFound('InvalidInstanceId.NotFound', id);
    })();
  const ecs: EcsModel = {
    createInstance(opts) {
      const instanceId = newId('i-');
      const record: EcsInstanceRecord = {
        instanceId,
        instanceName: opts.name ?? instanceId,
        imageId: opts.imageId,
        status: 'Running',
        privateIp: '127.0.0.1',
        zoneId: 'cn-hangzhou-h',
        instanceType: opts.instanceType,
        tags: { ...opts.tags },
        creationTime: clock.iso(),
        healthy: true,
        systemDiskId: newId('d-'),
        commandsRun: [],
        packages: {},
      };
      instances.set(instanceId, record);
      return record;
    },
    getInstance,
    findInstance: (id) => instances.get(id),
    deleteInstance: (id) => void instances.delete(id),
    setStatus: (id, status) => void (getInstance(id).status = status),
    replaceSystemDisk(id, imageId) {
      const instance = getInstance(id);
      if (instance.status !== 'Stopped') throw new ApiError('IncorrectInstanceStatus', `${id} is ${instance.status}`);
      if (faults.instanceUpdateFails(id)) {
        faults.consumeInstanceUpdateFailure(id);
        throw new ApiError('InternalError', `disk replacement failed on ${id}`, 500);
      }
      instance.imageId = imageId;
      instance.systemDiskId = newId('d-');
      return { diskId: instance.systemDiskId };
    },
    runCommand(opts) {
      const invokeId = newId('t-');
      const invocation = {
        invokeId,
        status: 'Running' as 'Running' | 'Finished' | 'Failed',
        results: opts.instanceIds.map((instanceId) => ({ instanceId, exitCode: 0, output: '', status: 'Running' })),
      };
      invocations.set(invokeId, invocation);
      clock.schedule(COMMAND_SECONDS, () => {
        for (const result of invocation.results) {
          const scripted = /exit\s+(\d+)\s*$/.exec(opts.content);
          let exitCode = scripted ? Number(scripted[1]) : 0;
          if (faults.instanceUpdateFails(result.instanceId)) {
            faults.consumeInstanceUpdateFailure(result.instanceId);
            exitCode = 1;
          }
          Object.assign(result, {
            exitCode,
            output: `ran ${opts.content}`,
            status: exitCode === 0 ? 'Success' : 'Failed',
          });
          instances
            .get(result.instanceId)
            ?.commandsRun.push({ invokeId, content: opts.content, exitCode, at: clock.iso() });
        }
        invocation.status = invocation.results.every((r) => r.exitCode === 0) ? 'Finished' : 'Failed';
      });
      return { invokeId, commandId: newId('c-') };
    },
    getInvocation: (id) => invocations.get(id),
    setPackage(id, name, version) {
      const instance = getInstance(id);
      if (version === undefined) delete instance.packages[name];
      else instance.packages[name] = version;
    },
    tagInstance: (id, tags) => void Object.assign(getInstance(id).tags, tags),
    getImage: (id) => images.get(id),
  };

  const getGroup = (id: string) =>
    groups.get(id) ??
    (() => {
      throw notFound('InvalidScalingGroupId.NotFound', id);
    })();
  const member = (groupId: string, id: string) => {
    const m = members.get(id);
    if (!m || m.scalingGroupId !== groupId)
      throw new ApiError('InvalidInstanceId.NotFound', `${id} is not in ${groupId}`, 404);
    return m;
  };
  const ess: EssModel = {
    getGroup,
    listInstances: (groupId, filter) =>
      [...members.values()].filter(
        (m) =>
          m.scalingGroupId === groupId &&
          (!filter?.lifecycleStates?.length || filter.lifecycleStates.includes(m.lifecycleState)) &&
          (!filter?.creationTypes?.length || filter.creationTypes.includes(m.creationType)),
      ),
    getScalingConfiguration: (id) => {
      const c = configurations.get(id);
      if (!c) throw notFound('InvalidScalingConfigurationId.NotFound', id);
      return { ...c, scalingConfigurationName: id, instanceType: 'ecs.g7.large', lifecycleState: 'Active' };
    },
    activityInProgress: () => world.activity,
    suspendProcesses: (groupId, processes) => {
      const group = getGroup(groupId);
      for (const p of processes)
        if (!group.suspendedProcesses.includes(p as ScalingProcess)) group.suspendedProcesses.push(p as ScalingProcess);
    },
    resumeProcesses: (groupId, processes) => {
      const group = getGroup(groupId);
      group.suspendedProcesses = group.suspendedProcesses.filter((p) => !processes.includes(p));
    },
    enterStandby: (groupId, ids) => {
      if (world.activity) throw new ApiError('IncorrectScalingGroupStatus', 'A scaling activity is in progress.', 403);
      for (const id of ids) {
        const m = member(groupId, id);
        if (m.lifecycleState !== 'InService' && m.lifecycleState !== 'Standby')
          throw new ApiError('IncorrectInstanceStatus', `${id} is ${m.lifecycleState}`);
        m.lifecycleState = 'Standby';
      }
    },
    exitStandby: (groupId, ids) => {
      for (const id of ids) member(groupId, id).lifecycleState = 'InService';
    },
    setProtection: (groupId, ids, protectedFromScaleIn) => {
      for (const id of ids) member(groupId, id).lifecycleState = protectedFromScaleIn ? 'Protected' : 'InService';
    },
    modifyScalingConfigurationImage: (id, imageId) => {
      const c = configurations.get(id);
      if (!c) throw notFound('InvalidScalingConfigurationId.NotFound', id);
      c.imageId = imageId;
    },
  };

  const world = {
    accountId: '1234567890',
    regionId: 'cn-hangzhou',
    clock: clock as Clock & SimClock,
    newId,
    faults,
    ecs,
    ess,
    mns: { publish: () => '', sendToQueue: () => '', ensureTopic: () => undefined, ensureQueue: () => undefined },
    fc: { register: () => undefined, invoke: async () => ({ status: 200, body: Buffer.alloc(0) }) },
    failUpdates: (instanceId: string, times: number) =>
      faults.configure({ instanceUpdateFailures: [{ instanceId, times }] }),
    groups,
    members,
    configurations,
    instances,
    images,
    activity: false,
  } as Omit<FakeWorld, 'oos'> & { oos?: LocalOosModel };
  world.oos = createOosModel(world as FakeWorld);
  return world as FakeWorld;
}

/** A group sourced from a scaling configuration on `imageId`, with `size` InService instances. */
export function seedGroup(
  world: FakeWorld,
  size: number,
  imageId = 'm-old',
): { groupId: string; configurationId: string; instanceIds: string[] } {
  for (const id of [imageId, 'm-new']) world.images.set(id, { imageId: id, status: 'Available' });
  const groupId = world.newId('asg-');
  const configurationId = world.newId('asc-');
  world.configurations.set(configurationId, {
    scalingConfigurationId: configurationId,
    scalingGroupId: groupId,
    imageId,
  });
  world.groups.set(groupId, {
    scalingGroupId: groupId,
    scalingGroupName: groupId,
    lifecycleState: 'Active',
    activeScalingConfigurationId: configurationId,
    minSize: 0,
    maxSize: 1000,
    suspendedProcesses: [],
    tags: {},
    creationTime: world.clock.iso(),
  });
  const instanceIds: string[] = [];
  for (let i = 0; i < size; i++) {
    const instance = world.ecs.createInstance({ imageId, instanceType: 'ecs.g7.large' });
    world.members.set(instance.instanceId, {
      instanceId: instance.instanceId,
      scalingGroupId: groupId,
      scalingConfigurationId: configurationId,
      lifecycleState: 'InService',
      healthStatus: 'Healthy',
      creationType: 'AutoCreated',
      createdTime: world.clock.iso(),
    });
    instanceIds.push(instance.instanceId);
  }
  return { groupId, configurationId, instanceIds };
}

/** Advances the clock event by event until `done()` holds or nothing is scheduled; returns the simulated seconds advanced. */
export function runUntil(world: FakeWorld, done: () => boolean, limitSeconds = 1e6): number {
  let advanced = 0;
  while (!done()) {
    const next = world.clock.nextDueIn();
    if (next === undefined) break;
    if (advanced + next > limitSeconds) throw new Error(`not done after ${limitSeconds} simulated seconds`);
    world.clock.advance(next);
    advanced += next;
  }
  return advanced;
}
