import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { handler } from '../../functions/health-check/index';
import { createCloudClients, loadCloudConfig } from '../../shared/cloud/index';
import { HealthReportSchema } from '../../shared/health/index';
import { startHealthCloud } from './health-cloud';

// The FC function as the gate reaches it: registered in the local FC and
// invoked synchronously through rollgate's FC client, its configuration read
// from the environment like on Function Compute.

describe('health-check function through FC invoke', () => {
  let env: Awaited<ReturnType<typeof startHealthCloud>>;

  before(async () => {
    env = await startHealthCloud();
    Object.assign(process.env, env.env, { ROLLGATE_CLOCK_URL: `${env.local.url}/_local/clock`, LOG_LEVEL: 'silent' });
    env.world.fc.register('rollgate-health-check', (event, context) => handler(event, context));
  });
  after(() => env.close());

  it('answers the contract: verdict, reasons, measured, checkedAt on the simulated clock', async () => {
    // Prepare
    const fc = createCloudClients(loadCloudConfig(env.env)).fc;
    const input = env.input(env.instanceIds.slice(0, 2), { http: { port: env.port }, tcp: { port: env.port } }, 100);
    // Act
    const response = await fc.invokeFunction({
      functionName: 'rollgate-health-check',
      payload: JSON.stringify(input),
      invocationType: 'Sync',
    });
    // Assess
    assert.equal(response.statusCode, 200);
    assert.equal(response.functionError, undefined);
    const report = HealthReportSchema.parse(JSON.parse(response.body.toString('utf8')));
    assert.equal(report.verdict, 'pass');
    assert.equal(report.checkedAt, new Date(env.local.clock.now()).toISOString());
    assert.deepEqual((report.measured as { checks: string[] }).checks, ['essHealth', 'ecsRunning', 'http', 'tcp']);
  });

  it('reports bad input as a function error naming the failing field', async () => {
    // Prepare
    const fc = createCloudClients(loadCloudConfig(env.env)).fc;
    // Act
    const response = await fc.invokeFunction({
      functionName: 'rollgate-health-check',
      payload: JSON.stringify({ groupId: 'asg-x', batch: { index: 0 } }),
      invocationType: 'Sync',
    });
    // Assess
    assert.ok(response.functionError !== undefined, 'the handler threw');
    assert.match(response.body.toString('utf8'), /batch\.total|batchInstances/);
  });
});
