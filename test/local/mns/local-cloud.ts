// The local cloud as tests of MNS and FC start it: on 127.0.0.1, port 0.
import { startLocalCloud } from '../../../local/cloud/index';
import { localFc } from '../../../local/cloud/fc/routes';
import { localMns } from '../../../local/cloud/mns/routes';

export const START_MS = Date.UTC(2024, 0, 1);

export async function startMnsCloud() {
  const running = await startLocalCloud({ startTimeMs: START_MS });
  return {
    running,
    cloud: running.cloud,
    url: running.url,
    port: running.port,
    accountId: running.accountId,
    regionId: running.regionId,
    accessKeyId: running.accessKeyId,
    accessKeySecret: running.accessKeySecret,
    mns: () => localMns(running.world().mns),
    fc: () => localFc(running.world().fc),
    close: () => running.close(),
  };
}
