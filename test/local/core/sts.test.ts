// Temporary credentials minted by the admin API: accepted with their
// SecurityToken (V2 parameter, V3 header), refused without it or once expired.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import * as Ecs from '@alicloud/ecs20140526';
import { startLocalCloud, type RunningLocalCloud } from '../../../local/cloud/index';
import { NonceRegistry } from '../../../local/cloud/core/auth/nonces';
import { rpcV2Signature, rpcV2StringToSign } from '../../../local/cloud/core/auth/rpc-v2';
import { verifyRpcRequest } from '../../../local/cloud/core/auth/verify';
import { ApiError } from '../../../local/cloud/core/contracts';
import { ecsClient, popClient, popError } from './clients';

interface Minted {
  AccessKeyId: string;
  AccessKeySecret: string;
  SecurityToken: string;
  Expiration: string;
}

describe('STS credentials', () => {
  let cloud: RunningLocalCloud;
  let minted: Minted;

  before(async () => {
    cloud = await startLocalCloud();
    const response = await fetch(`${cloud.url}/_local/sts`, {
      method: 'POST',
      body: JSON.stringify({ durationSeconds: 900 }),
    });
    minted = (await response.json()) as Minted;
  });
  after(async () => {
    await cloud.close();
  });

  it('accepts calls signed with the temporary key and its token, V2 and V3', async () => {
    // Prepare
    const sts = { ...cloud, accessKeyId: minted.AccessKeyId, accessKeySecret: minted.AccessKeySecret };

    // Act
    const groups = await popClient(sts, '2014-08-28', undefined, minted.SecurityToken).request<{ TotalCount: number }>(
      'DescribeScalingGroups',
      { RegionId: cloud.regionId },
    );
    const images = await ecsClient(sts, undefined, minted.SecurityToken).describeImages(
      new Ecs.DescribeImagesRequest({ regionId: cloud.regionId }),
    );

    // Assess
    assert.match(minted.AccessKeyId, /^STS\./);
    assert.match(minted.Expiration, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    assert.equal(groups.TotalCount, 0);
    assert.equal(images.statusCode, 200);
  });

  it('refuses the temporary key without its token', async () => {
    // Act
    const error = await popClient(
      { ...cloud, accessKeyId: minted.AccessKeyId, accessKeySecret: minted.AccessKeySecret },
      '2014-08-28',
    )
      .request('DescribeScalingGroups', { RegionId: cloud.regionId })
      .then(() => undefined, popError);

    // Assess
    assert.equal(error?.code, 'InvalidSecurityToken.MismatchWithAccessKey');
    assert.equal(error?.status, 400);
  });

  it('refuses an expired token', () => {
    // Prepare
    const params: Record<string, string> = {
      AccessKeyId: 'STS.k',
      Action: 'DescribeScalingGroups',
      SecurityToken: 'tok',
      SignatureMethod: 'HMAC-SHA1',
      SignatureNonce: 'n-1',
      Version: '2014-08-28',
    };
    params['Signature'] = rpcV2Signature('s', rpcV2StringToSign('GET', params));
    const env = {
      secretFor: () => 's',
      securityTokenFor: () => ({ securityToken: 'tok', expiresAtMs: 1000 }),
      nonces: new NonceRegistry(() => 2000),
      realNow: () => 2000,
    };

    // Act
    let code: string | undefined;
    try {
      verifyRpcRequest(
        { method: 'GET', path: '/', query: Object.entries(params), headers: {}, body: Buffer.alloc(0), params },
        env,
      );
    } catch (error) {
      code = error instanceof ApiError ? error.code : String(error);
    }

    // Assess
    assert.equal(code, 'InvalidSecurityToken.Expired');
  });
});
