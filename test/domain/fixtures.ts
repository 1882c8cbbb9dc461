// Builders for domain tests: small valid defaults, overridden per case.
import { campaignIdFor, PolicySchema, type Policy, type PolicyInput } from '../../shared/domain/index';
import type {
  ExecutionSnapshot,
  GroupSnapshot,
  ImageSnapshot,
  InstanceSnapshot,
  Snapshot,
} from '../../shared/domain/index';

export const NOW = new Date('2026-03-02T03:00:00Z');

export function isoAt(secondsFromNow: number): string {
  return new Date(NOW.getTime() + secondsFromNow * 1000).toISOString();
}

export function instance(
  id: string,
  imageId: string | undefined,
  overrides: Partial<InstanceSnapshot> = {},
): InstanceSnapshot {
  return {
    id,
    lifecycleState: 'InService',
    healthStatus: 'Healthy',
    ...(imageId !== undefined ? { imageId } : {}),
    ...overrides,
  };
}

export function group(
  id: string,
  overrides: Partial<GroupSnapshot> & { imageId?: string; wave?: string } = {},
): GroupSnapshot {
  const imageId = overrides.imageId ?? 'm-old';
  const { imageId: _imageId, wave, ...rest } = overrides;
  return {
    id,
    name: id.replace(/^asg-/, ''),
    regionId: 'cn-hangzhou',
    tags: { 'rollgate:managed': 'true', 'rollgate:wave': wave ?? 'canary' },
    lifecycleState: 'Active',
    activeScalingConfiguration: { id: `asc-${id}`, imageId },
    instances: [instance(`i-${id}-1`, imageId), instance(`i-${id}-2`, imageId), instance(`i-${id}-3`, imageId)],
    scalingActivities: [],
    suspendedProcesses: [],
    ...rest,
  };
}

export function image(id: string, creationTime: string, overrides: Partial<ImageSnapshot> = {}): ImageSnapshot {
  return { id, name: `app-base-${id}`, family: 'app-base', tags: {}, status: 'Available', creationTime, ...overrides };
}

const IMAGE_TEMPLATE = 'ACS-ESS-RollingUpdateByReplaceSystemDiskInScalingGroup';

export function execution(
  id: string,
  groupId: string,
  overrides: Partial<ExecutionSnapshot> & { revision?: string; attempt?: number; kind?: string } = {},
): ExecutionSnapshot {
  const { revision, attempt, kind, ...rest } = overrides;
  const tags: Record<string, string> = { scaling_group: groupId };
  if (revision !== undefined) {
    tags['rollgate:revision'] = revision;
    tags['rollgate:kind'] = kind ?? 'image';
    tags['rollgate:attempt'] = String(attempt ?? 1);
    tags['rollgate:campaign'] = campaignIdFor('app', kind ?? 'image', revision);
  }
  return {
    id,
    templateName: IMAGE_TEMPLATE,
    status: 'Success',
    parameters: {
      invokeType: 'invoke',
      scalingGroupId: groupId,
      ...(revision !== undefined && (kind ?? 'image') === 'image' ? { imageId: revision } : {}),
    },
    tags,
    startDate: isoAt(-3600),
    endDate: isoAt(-3000),
    ...rest,
  };
}

export function snapshot(overrides: Partial<Snapshot> = {}): Snapshot {
  return {
    regionId: 'cn-hangzhou',
    groups: [],
    images: [image('m-old', '2026-01-01T00:00:00Z'), image('m-new', '2026-03-01T00:00:00Z')],
    executions: [],
    ...overrides,
  };
}

/** The demo policy: canary then prod waves, family app-base, three batches. */
export function policyInput(overrides: Partial<PolicyInput> = {}, target: Record<string, unknown> = {}): PolicyInput {
  return {
    maxConcurrentGroups: 2,
    targets: [
      {
        name: 'app',
        select: { tags: { 'rollgate:managed': 'true' } },
        image: { family: 'app-base' },
        rollout: { batchNumber: 3 },
        waves: [
          { name: 'canary', select: { tags: { 'rollgate:wave': 'canary' } }, soakSeconds: 120 },
          { name: 'prod', select: { tags: { 'rollgate:wave': 'prod' } }, soakSeconds: 120 },
        ],
        ...target,
      },
    ],
    ...overrides,
  } as PolicyInput;
}

export function policy(overrides: Partial<PolicyInput> = {}, target: Record<string, unknown> = {}): Policy {
  return PolicySchema.parse(policyInput(overrides, target));
}
