// ESS's own view: DescribeScalingInstances HealthStatus of each instance, as
// the gate read it just before the invocation (`scalingInstances`), or read
// here when the input has none.
import type { Check } from './context';
import { chunks, measured } from './context';

/** DescribeScalingInstances takes at most 20 InstanceIds (and lists 100 instances a page). */
const IDS_PER_CALL = 20;

export const essHealthCheck: Check = async ({ input, instances, deps }) => {
  const byIds = chunks(
    instances.map((i) => i.instanceId),
    IDS_PER_CALL,
  );
  // More than one call by ids: the group's own listing (100 a page) costs fewer, and answers for the same instances.
  const found =
    input.scalingInstances !== undefined
      ? input.scalingInstances
      : byIds.length > 1
        ? await deps.ess.listAllScalingInstances({ scalingGroupId: input.groupId })
        : (
            await Promise.all(
              byIds.map((instanceIds) =>
                deps.ess.listAllScalingInstances({ scalingGroupId: input.groupId, instanceIds }),
              ),
            )
          ).flat();
  const byId = new Map(found.map((s) => [s.instanceId, s]));
  return new Map(
    instances.map(({ instanceId }) => {
      const s = byId.get(instanceId);
      if (!s)
        return [
          instanceId,
          measured('unhealthy', `not in scaling group ${input.groupId}`, { healthStatus: null, lifecycleState: null }),
        ];
      const values = { healthStatus: s.healthStatus, lifecycleState: s.lifecycleState };
      return [
        instanceId,
        s.healthStatus === 'Healthy'
          ? measured('healthy', `ESS health ${s.healthStatus} (${s.lifecycleState})`, values)
          : measured('unhealthy', `ESS health ${s.healthStatus} (${s.lifecycleState})`, values),
      ];
    }),
  );
};
