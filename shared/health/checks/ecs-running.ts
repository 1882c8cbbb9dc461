// ECS's view: DescribeInstances Status. Pending/Starting is not a failure yet
// (the batch may still be booting), so it waits; anything else but Running fails.
import type { Check } from './context';
import { chunks, measured } from './context';

/** DescribeInstances takes at most 100 InstanceIds. */
const IDS_PER_CALL = 100;

const STILL_STARTING = new Set(['Pending', 'Starting']);

export const ecsRunningCheck: Check = async ({ instances, deps }) => {
  const pages = await Promise.all(
    chunks(
      instances.map((i) => i.instanceId),
      IDS_PER_CALL,
    ).map((instanceIds) => deps.ecs.listAllInstances({ instanceIds })),
  );
  const found = pages.flat();
  const byId = new Map(found.map((i) => [i.instanceId, i]));
  return new Map(
    instances.map(({ instanceId }) => {
      const instance = byId.get(instanceId);
      if (!instance) return [instanceId, measured('unhealthy', 'ECS instance not found', { status: null })];
      const values = { status: instance.status, imageId: instance.imageId ?? null };
      if (instance.status === 'Running') return [instanceId, measured('healthy', 'ECS status Running', values)];
      if (STILL_STARTING.has(instance.status))
        return [instanceId, measured('pending', `ECS status ${instance.status}`, values)];
      return [instanceId, measured('unhealthy', `ECS status ${instance.status}, expected Running`, values)];
    }),
  );
};
