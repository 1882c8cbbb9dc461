// OOS common parameters (CreateParameter, GetParameter, UpdateParameter,
// DeleteParameter) through @alicloud/pop-core against a running local cloud:
// the shapes of the SDK model, versions growing on update, and the error
// codes of a missing, duplicate or badly named parameter.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import PopCore from '@alicloud/pop-core';
import { startLocalCloud, type RunningLocalCloud } from '../../../local/cloud/index';

const RPCClient = (PopCore as unknown as { RPCClient: typeof PopCore }).RPCClient;
type Body = Record<string, unknown>;
type WireParameter = { Name: string; Value: string; Type: string; ParameterVersion: number; UpdatedDate: string };

describe('OOS common parameters through @alicloud/pop-core', () => {
  let env: RunningLocalCloud;
  let oos: PopCore;

  before(async () => {
    env = await startLocalCloud({ startTimeMs: Date.UTC(2024, 0, 1) });
    oos = new RPCClient({
      accessKeyId: env.accessKeyId,
      accessKeySecret: env.accessKeySecret,
      endpoint: env.url,
      apiVersion: '2019-06-01',
    });
  });
  after(async () => env.close());

  const call = async (action: string, params: Body) =>
    (await oos.request(action, { RegionId: env.regionId, ...params }, { method: 'POST' })) as Body;
  const codeOf = async (action: string, params: Body): Promise<string> => {
    try {
      await call(action, params);
      return 'none';
    } catch (err) {
      return String((err as { code?: unknown }).code);
    }
  };

  it('creates, reads and updates a parameter, its version growing', async () => {
    const created = (await call('CreateParameter', { Name: 'team/freeze', Value: 'incident 42', Type: 'String' }))
      .Parameter as WireParameter;
    env.clock.advance(60);
    const updated = (await call('UpdateParameter', { Name: 'team/freeze', Value: 'false' })).Parameter as WireParameter;
    const read = (await call('GetParameter', { Name: 'team/freeze' })).Parameter as WireParameter;
    assert.deepEqual([created.ParameterVersion, created.Value, created.Type], [1, 'incident 42', 'String']);
    assert.deepEqual([updated.ParameterVersion, read.ParameterVersion, read.Value], [2, 2, 'false']);
    assert.equal(Date.parse(read.UpdatedDate), Date.UTC(2024, 0, 1) + 60_000);
  });

  it('answers the codes of a missing, duplicate or badly named parameter', async () => {
    await call('CreateParameter', { Name: 'dup', Value: 'a', Type: 'String' });
    assert.equal(await codeOf('GetParameter', { Name: 'nothing-here' }), 'EntityNotExists.Parameter');
    assert.equal(await codeOf('UpdateParameter', { Name: 'nothing-here', Value: 'x' }), 'EntityNotExists.Parameter');
    assert.equal(
      await codeOf('CreateParameter', { Name: 'dup', Value: 'b', Type: 'String' }),
      'EntityAlreadyExists.Parameter',
    );
    assert.equal(await codeOf('CreateParameter', { Name: 'OOS-x', Value: 'b', Type: 'String' }), 'InvalidParameter');
    assert.equal(await codeOf('CreateParameter', { Name: 'no value', Value: 'b', Type: 'String' }), 'InvalidParameter');
    assert.equal(await codeOf('CreateParameter', { Name: 'no-value', Type: 'String' }), 'MissingParameter');
    await call('DeleteParameter', { Name: 'dup' });
    assert.equal(await codeOf('GetParameter', { Name: 'dup' }), 'EntityNotExists.Parameter');
  });
});
