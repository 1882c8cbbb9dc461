// A local cloud serving CloudMonitor on 127.0.0.1 (port 0), with a seeded
// fleet: group "web" on a healthy image, group "bad" on one that boots unhealthy.
import { LocalCloud } from '../../../local/cloud/core/cloud';
import { startServer } from '../../../local/cloud/core/server';
import { cmsAdminProduct } from '../../../local/cloud/cms/admin';
import { cmsProduct } from '../../../local/cloud/cms/routes';
import { seedFleet } from '../../../local/cloud/seed/fleet';

export const ACCOUNT_ID = '1234567890123456';
export const REGION_ID = 'cn-hangzhou';
export const ACCESS_KEY_ID = 'LTAI-cms-test';
export const ACCESS_KEY_SECRET = 'cms-test-secret';
/** Simulated start: a whole minute, so period boundaries are easy to reason about. */
export const START_MS = Date.UTC(2024, 0, 1, 11, 50, 0);
/** The instances have run for ten minutes when the tests query. */
export const NOW_MS = START_MS + 600_000;

export async function startCmsCloud() {
  const cloud = new LocalCloud({
    accountId: ACCOUNT_ID,
    regionId: REGION_ID,
    accessKeyId: ACCESS_KEY_ID,
    accessKeySecret: ACCESS_KEY_SECRET,
    verifySignatures: true,
    startMs: START_MS,
  });
  const fleet = seedFleet(cloud.world(), {
    images: [
      { name: 'good', family: 'app' },
      { name: 'broken', unhealthy: true },
    ],
    groups: [
      { name: 'web', instances: 3, imageName: 'good' },
      { name: 'bad', instances: 1, imageName: 'broken' },
    ],
  });
  cloud.clock.advance((NOW_MS - START_MS) / 1000);
  const server = await startServer({ cloud, restProducts: [cmsAdminProduct], rpcProducts: [cmsProduct] });
  const web = fleet.groups['web']?.instanceIds ?? [];
  const bad = fleet.groups['bad']?.instanceIds ?? [];
  return { cloud, url: server.url, web, bad, close: () => server.close() };
}
