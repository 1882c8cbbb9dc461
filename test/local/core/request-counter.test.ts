// GET/DELETE /_local/requests: the requests the local cloud served, per product
// and action, counted by the cloud (not by the client), faulted answers included.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createCloudClients, loadCloudConfig } from '../../../shared/cloud/index';
import { startLocalCloud, type RunningLocalCloud } from '../../../local/cloud/index';

async function served(
  cloud: RunningLocalCloud,
  method = 'GET',
): Promise<{ total: number; byAction: Record<string, number> }> {
  const response = await fetch(`${cloud.url}/_local/requests`, { method });
  assert.equal(response.status, 200);
  return (await response.json()) as { total: number; byAction: Record<string, number> };
}

describe('request counter', () => {
  let cloud: RunningLocalCloud;
  before(async () => {
    cloud = await startLocalCloud({ startTimeMs: Date.parse('2024-06-01T00:00:00Z') });
  });
  after(async () => {
    await cloud.close();
  });

  it('counts RPC and REST requests per product and action, not admin requests, and starts again from zero on DELETE', async () => {
    // Arrange
    const clients = createCloudClients(loadCloudConfig(cloud.clientEnv()), { sleep: async () => {} });
    cloud.world().mns.ensureTopic('counted');
    await served(cloud, 'DELETE');

    // Act
    await clients.ess.describeScalingGroups({ pageNumber: 1, pageSize: 10 });
    await clients.ess.describeScalingGroups({ pageNumber: 2, pageSize: 10 });
    await clients.oos.listExecutions({});
    await clients.mns.publishMessage({ topicName: 'counted', messageBody: 'hello' });
    await fetch(`${cloud.url}/_local/state`);
    const counted = await served(cloud);
    const afterReset = await served(cloud, 'DELETE');
    await clients.oos.listExecutions({});
    const again = await served(cloud);

    // Assess
    assert.deepEqual(counted.byAction, {
      'ess:DescribeScalingGroups': 2,
      'mns:PublishMessage': 1,
      'oos:ListExecutions': 1,
    });
    assert.equal(counted.total, 4);
    assert.deepEqual(afterReset, { ...afterReset, total: 0, byAction: {} });
    assert.deepEqual(again.byAction, { 'oos:ListExecutions': 1 });
  });

  it('counts every attempt a throttled client makes, as the service would see them', async () => {
    // Arrange
    const clients = createCloudClients(loadCloudConfig(cloud.clientEnv()), { sleep: async () => {} });
    await fetch(`${cloud.url}/_local/faults`, {
      method: 'POST',
      body: JSON.stringify({ rules: [{ product: 'oos', action: 'ListExecutions', throttleShare: 1 }] }),
    });
    await served(cloud, 'DELETE');

    // Act
    await assert.rejects(clients.oos.listExecutions({}));
    await fetch(`${cloud.url}/_local/faults`, { method: 'DELETE' });
    const counted = await served(cloud);

    // Assess
    assert.ok(
      (counted.byAction['oos:ListExecutions'] ?? 0) > 1,
      `every retry is a request served: ${JSON.stringify(counted.byAction)}`,
    );
    assert.equal(counted.total, counted.byAction['oos:ListExecutions']);
  });
});
