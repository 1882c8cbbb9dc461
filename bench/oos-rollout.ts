// Figures for one 100-instance image rollout (batchNumber 10, EveryBatchPause)
// on the local cloud with simulated time running at 600x real time, driven
// through @alicloud/pop-core like a caller would: poll ListExecutions,
// NotifyExecution Approve at every batch pause. Prints figures only.
//   npx tsx bench/oos-rollout.ts
import PopCore from '@alicloud/pop-core';
import { startLocalCloud } from '../local/cloud/index';
import { seedFleet } from '../local/cloud/seed/fleet';

const TIME_SCALE = 600;
const POLL_MS = 50;
const RPCClient = (PopCore as unknown as { RPCClient: typeof PopCore }).RPCClient;

async function main(): Promise<void> {
  const cloud = await startLocalCloud({ timeScale: TIME_SCALE });
  try {
    const fleet = seedFleet(cloud.world(), {
      images: [{ name: 'app-v1', ageDays: 1 }, { name: 'app-v2' }],
      groups: [{ name: 'bench', instances: 100, imageName: 'app-v1' }],
    });
    const group = fleet.groups.bench!;
    const oos = new RPCClient({
      accessKeyId: cloud.accessKeyId,
      accessKeySecret: cloud.accessKeySecret,
      endpoint: cloud.url,
      apiVersion: '2019-06-01',
    });
    const call = async (action: string, params: Record<string, unknown>) =>
      (await oos.request(action, { RegionId: cloud.regionId, ...params }, { method: 'POST' })) as Record<
        string,
        unknown
      >;

    const realStart = performance.now();
    const simulatedStart = cloud.clock.now();
    const started = await call('StartExecution', {
      TemplateName: 'ACS-ESS-RollingUpdateByReplaceSystemDiskInScalingGroup',
      Parameters: JSON.stringify({
        invokeType: 'invoke',
        scalingGroupId: group.scalingGroupId,
        scalingConfigurationId: group.scalingConfigurationId,
        imageId: fleet.images['app-v2'],
        sourceImageId: fleet.images['app-v1'],
        batchNumber: 10,
        batchPauseOption: 'EveryBatchPause',
      }),
    });
    const executionId = (started.Execution as { ExecutionId: string }).ExecutionId;

    let pauses = 0;
    let status = 'Started';
    while (!['Success', 'Failed', 'Cancelled'].includes(status)) {
      await new Promise((resolve) => setTimeout(resolve, POLL_MS));
      const listed = await call('ListExecutions', { ExecutionId: executionId });
      status = (listed.Executions as Array<{ Status: string }>)[0]?.Status ?? 'missing';
      if (status === 'Waiting') {
        pauses += 1;
        await call('NotifyExecution', { ExecutionId: executionId, NotifyType: 'Approve' });
      }
    }
    const realSeconds = (performance.now() - realStart) / 1000;
    const simulatedSeconds = (cloud.clock.now() - simulatedStart) / 1000;
    console.log(`oos-rollout: 100 instances, 10 batches, time scale ${TIME_SCALE}`);
    console.log(`  status              ${status}`);
    console.log(`  batch pauses        ${pauses}`);
    console.log(`  real seconds        ${realSeconds.toFixed(2)}`);
    console.log(`  simulated seconds   ${simulatedSeconds.toFixed(0)}`);
  } finally {
    await cloud.close();
  }
}

await main();
