// A local cloud serving MNS and FC on 127.0.0.1, port 0, for wire tests.
import { LocalCloud } from '../../../local/cloud/core/cloud';
import { startServer } from '../../../local/cloud/core/server';
import { mnsAdminProduct } from '../../../local/cloud/mns/admin';
import { localMns, mnsProduct } from '../../../local/cloud/mns/routes';
import { fcProduct, localFc } from '../../../local/cloud/fc/routes';

export const ACCOUNT_ID = '1234567890123456';
export const REGION_ID = 'cn-hangzhou';
export const ACCESS_KEY_ID = 'LTAI-local-test';
export const ACCESS_KEY_SECRET = 'local-test-secret';

export async function startMnsCloud() {
  const cloud = new LocalCloud({
    accountId: ACCOUNT_ID,
    regionId: REGION_ID,
    accessKeyId: ACCESS_KEY_ID,
    accessKeySecret: ACCESS_KEY_SECRET,
    verifySignatures: true,
    startMs: Date.UTC(2024, 0, 1),
  });
  const server = await startServer({ cloud, restProducts: [mnsAdminProduct, mnsProduct, fcProduct], rpcProducts: [] });
  return {
    cloud,
    url: server.url,
    port: server.port,
    mns: () => localMns(cloud.world().mns),
    fc: () => localFc(cloud.world().fc),
    close: () => server.close(),
  };
}
