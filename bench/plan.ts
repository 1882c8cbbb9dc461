// Figures for plan() on large fleets: milliseconds per plan for N groups (two
// waves) with five past executions each. Prints figures only.
//   npx tsx bench/plan.ts
import { plan, PolicySchema, type ExecutionSnapshot, type GroupSnapshot, type Snapshot } from '../shared/domain/index';

const POLICY = PolicySchema.parse({
  maxConcurrentGroups: 10,
  targets: [
    {
      name: 'app',
      select: { tags: { 'rollgate:managed': 'true' } },
      image: { family: 'app-base' },
      waves: [
        { name: 'canary', select: { tags: { 'rollgate:wave': 'canary' } } },
        { name: 'prod', select: { tags: { 'rollgate:wave': 'prod' } } },
      ],
    },
  ],
});

function fleet(groupCount: number): Snapshot {
  const groups: GroupSnapshot[] = [];
  const executions: ExecutionSnapshot[] = [];
  for (let i = 0; i < groupCount; i++) {
    const id = `asg-${i}`;
    const canary = i < groupCount / 20;
    const imageId = canary ? 'm-new' : 'm-old';
    groups.push({
      id,
      name: `group-${i}`,
      regionId: 'cn-hangzhou',
      tags: { 'rollgate:managed': 'true', 'rollgate:wave': canary ? 'canary' : 'prod' },
      lifecycleState: 'Active',
      activeScalingConfiguration: { id: `asc-${i}`, imageId },
      instances: Array.from({ length: 10 }, (_, k) => ({
        id: `i-${i}-${k}`,
        lifecycleState: 'InService' as const,
        healthStatus: 'Healthy' as const,
        imageId,
      })),
      scalingActivities: [],
      suspendedProcesses: [],
    });
    for (let k = 0; k < 5; k++) {
      executions.push({
        id: `exec-${i}-${k}`,
        templateName: 'ACS-ESS-RollingUpdateByReplaceSystemDiskInScalingGroup',
        status: 'Success',
        parameters: { invokeType: 'invoke', imageId },
        tags: { scaling_group: id, 'rollgate:revision': imageId, 'rollgate:kind': 'image', 'rollgate:attempt': '1' },
        startDate: `2026-01-0${k + 1}T00:00:00Z`,
        endDate: `2026-01-0${k + 1}T01:00:00Z`,
      });
    }
  }
  const images = [
    {
      id: 'm-old',
      name: 'app-base-1',
      family: 'app-base',
      tags: {},
      status: 'Available',
      creationTime: '2026-01-01T00:00:00Z',
    },
    {
      id: 'm-new',
      name: 'app-base-2',
      family: 'app-base',
      tags: {},
      status: 'Available',
      creationTime: '2026-02-01T00:00:00Z',
    },
  ];
  return { regionId: 'cn-hangzhou', groups, images, executions };
}

const NOW = new Date('2026-03-01T00:00:00Z');
for (const size of [10, 100, 1000, 3000]) {
  const snapshot = fleet(size);
  for (let w = 0; w < 3; w++) plan(snapshot, POLICY, NOW); // warm-up
  // Repeat until the figure is stable: at least 5 runs and 300 ms.
  const start = performance.now();
  let runs = 0;
  let actions = 0;
  while (runs < 5 || performance.now() - start < 300) {
    actions = plan(snapshot, POLICY, NOW).actions.length;
    runs += 1;
  }
  const ms = (performance.now() - start) / runs;
  console.log(
    `${String(size).padStart(5)} groups, ${snapshot.executions.length} executions: ${ms.toFixed(1)} ms per plan (${runs} runs), ${actions} actions`,
  );
}
