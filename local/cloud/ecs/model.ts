// ECS state and rules for one world: instances, their system disks, images
// (images.ts) and Cloud Assistant invocations (commands.ts). No HTTP here.
import type { EcsInstanceRecord, EcsInstanceStatus, EcsModel, RegionWorld } from '../core/contracts';
import { CommandRunner, type InvocationRecord } from './commands';
import { imageNotAvailable, incorrectInstanceStatus, instanceNotFound, updateFailed } from './errors';
import { ImageEventForwarder } from './image-events';
import { ImageStore } from './images';

/** Simulated seconds a stop or start takes. */
export const POWER_TRANSITION_SECONDS = 10;

export interface DiskRecord {
  diskId: string;
  instanceId: string;
  imageId: string;
  status: 'In_use' | 'Available' | 'Creating';
  sizeGiB: number;
  creationTime: string;
}

export class LocalEcsModel implements EcsModel {
  readonly images: ImageStore;
  readonly commands: CommandRunner;
  /** Image:StateChange events to an MNS topic, as a CloudMonitor event rule would forward them. */
  readonly imageEvents: ImageEventForwarder;
  private readonly instances = new Map<string, EcsInstanceRecord>();
  private readonly disks = new Map<string, DiskRecord>();
  /** Private IPs are handed out from 127.10.0.1 upward (loopback, so probes reach simulated services). */
  private nextIpIndex = 0;

  constructor(private readonly world: RegionWorld) {
    this.images = new ImageStore(world);
    this.commands = new CommandRunner(world, (id) => this.getInstance(id));
    this.imageEvents = new ImageEventForwarder(world, this.images);
  }

  createInstance(opts: {
    imageId: string;
    instanceType: string;
    zoneId?: string;
    name?: string;
    tags?: Record<string, string>;
  }): EcsInstanceRecord {
    const image = this.images.get(opts.imageId);
    if (image.status !== 'Available') throw imageNotAvailable(opts.imageId);
    const instanceId = this.world.newId('i-');
    const disk = this.newSystemDisk(instanceId, opts.imageId);
    const instance: EcsInstanceRecord = {
      instanceId,
      instanceName: opts.name ?? `launch-${instanceId.slice(2, 10)}`,
      imageId: opts.imageId,
      status: 'Pending',
      privateIp: this.allocateIp(),
      zoneId: opts.zoneId ?? `${this.world.regionId}-h`,
      instanceType: opts.instanceType,
      tags: { ...(opts.tags ?? {}) },
      creationTime: this.world.clock.iso(),
      healthy: this.imageHealthy(opts.imageId),
      systemDiskId: disk.diskId,
      commandsRun: [],
      packages: {},
    };
    this.instances.set(instanceId, instance);
    return instance;
  }

  getInstance(instanceId: string): EcsInstanceRecord {
    const instance = this.instances.get(instanceId);
    if (!instance) throw instanceNotFound(instanceId);
    return instance;
  }

  findInstance(instanceId: string): EcsInstanceRecord | undefined {
    return this.instances.get(instanceId);
  }

  listInstances(): EcsInstanceRecord[] {
    return [...this.instances.values()];
  }

  deleteInstance(instanceId: string): void {
    const instance = this.getInstance(instanceId);
    this.disks.delete(instance.systemDiskId);
    this.instances.delete(instanceId);
  }

  setStatus(instanceId: string, status: EcsInstanceStatus): void {
    this.getInstance(instanceId).status = status;
  }

  /** StopInstance: Running → Stopping → Stopped after the transition time. */
  stopInstance(instanceId: string): void {
    const instance = this.getInstance(instanceId);
    if (instance.status === 'Stopped' || instance.status === 'Stopping') return;
    if (instance.status !== 'Running') throw incorrectInstanceStatus(instanceId, instance.status, 'Running');
    instance.status = 'Stopping';
    this.world.clock.schedule(
      POWER_TRANSITION_SECONDS,
      () => {
        if (this.instances.get(instanceId)?.status === 'Stopping') instance.status = 'Stopped';
      },
      `instance ${instanceId} stopped`,
    );
  }

  /** StartInstance: Stopped → Starting → Running after the transition time. */
  startInstance(instanceId: string): void {
    const instance = this.getInstance(instanceId);
    if (instance.status === 'Running' || instance.status === 'Starting') return;
    if (instance.status !== 'Stopped') throw incorrectInstanceStatus(instanceId, instance.status, 'Stopped');
    instance.status = 'Starting';
    this.world.clock.schedule(
      POWER_TRANSITION_SECONDS,
      () => {
        if (this.instances.get(instanceId)?.status === 'Starting') instance.status = 'Running';
      },
      `instance ${instanceId} started`,
    );
  }

  rebootInstance(instanceId: string): void {
    const instance = this.getInstance(instanceId);
    if (instance.status !== 'Running') throw incorrectInstanceStatus(instanceId, instance.status, 'Running');
    instance.status = 'Starting';
    this.world.clock.schedule(
      POWER_TRANSITION_SECONDS,
      () => {
        if (this.instances.get(instanceId)?.status === 'Starting') instance.status = 'Running';
      },
      `instance ${instanceId} rebooted`,
    );
  }

  replaceSystemDisk(instanceId: string, imageId: string): { diskId: string } {
    const instance = this.getInstance(instanceId);
    const image = this.images.get(imageId);
    if (image.status !== 'Available') throw imageNotAvailable(imageId);
    if (instance.status !== 'Stopped') throw incorrectInstanceStatus(instanceId, instance.status, 'Stopped');
    if (this.world.faults.instanceUpdateFails(instanceId)) {
      this.world.faults.consumeInstanceUpdateFailure(instanceId);
      throw updateFailed(instanceId);
    }
    this.disks.delete(instance.systemDiskId);
    const disk = this.newSystemDisk(instanceId, imageId);
    instance.systemDiskId = disk.diskId;
    instance.imageId = imageId;
    instance.healthy = this.imageHealthy(imageId);
    // A fresh system disk has none of the packages installed on the old one.
    instance.packages = {};
    return { diskId: disk.diskId };
  }

  runCommand(opts: { instanceIds: string[]; content: string; type: string; name?: string; timeoutSeconds?: number }): {
    invokeId: string;
    commandId: string;
  } {
    const invocation = this.commands.run(opts);
    return { invokeId: invocation.invokeId, commandId: invocation.commandId };
  }

  getInvocation(invokeId: string): ReturnType<EcsModel['getInvocation']> {
    const invocation = this.commands.find(invokeId);
    if (!invocation) return undefined;
    return {
      invokeId,
      status: invocation.status === 'PartialFailed' ? 'Failed' : invocation.status,
      results: invocation.results.map((r) => ({
        instanceId: r.instanceId,
        exitCode: r.exitCode,
        output: r.output,
        status: r.status,
      })),
    };
  }

  invocationRecord(invokeId: string): InvocationRecord {
    return this.commands.get(invokeId);
  }

  setPackage(instanceId: string, name: string, version: string | undefined): void {
    const instance = this.getInstance(instanceId);
    if (version === undefined) delete instance.packages[name];
    else instance.packages[name] = version;
  }

  tagInstance(instanceId: string, tags: Record<string, string>): void {
    Object.assign(this.getInstance(instanceId).tags, tags);
  }

  untagInstance(instanceId: string, keys: readonly string[]): void {
    const instance = this.getInstance(instanceId);
    for (const key of keys) delete instance.tags[key];
  }

  getImage(imageId: string): { imageId: string; status: string; imageFamily?: string } | undefined {
    const image = this.images.find(imageId);
    return (
      image && {
        imageId: image.imageId,
        status: image.status,
        ...(image.imageFamily ? { imageFamily: image.imageFamily } : {}),
      }
    );
  }

  getDisk(diskId: string): DiskRecord | undefined {
    return this.disks.get(diskId);
  }

  listDisks(): DiskRecord[] {
    return [...this.disks.values()];
  }

  private imageHealthy(imageId: string): boolean {
    return !(this.images.find(imageId)?.bootsUnhealthy ?? false) && !this.world.faults.imageBootsUnhealthy(imageId);
  }

  private newSystemDisk(instanceId: string, imageId: string): DiskRecord {
    const disk: DiskRecord = {
      diskId: this.world.newId('d-'),
      instanceId,
      imageId,
      status: 'In_use',
      sizeGiB: Math.max(40, this.images.find(imageId)?.sizeGiB ?? 40),
      creationTime: this.world.clock.iso(),
    };
    this.disks.set(disk.diskId, disk);
    return disk;
  }

  private allocateIp(): string {
    // 127.10.0.1, 127.10.0.2, … 127.10.0.254, 127.10.1.1, …; spills into 127.11.x.y after 65k.
    const index = this.nextIpIndex++;
    const host = (index % 254) + 1;
    const block = Math.floor(index / 254);
    return `127.${10 + Math.floor(block / 256)}.${block % 256}.${host}`;
  }
}

export function createEcsModel(world: RegionWorld): LocalEcsModel {
  return new LocalEcsModel(world);
}
