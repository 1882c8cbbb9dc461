// The demo fleet: what a small production account looks like. Two image
// families, three managed groups in two waves and one unmanaged legacy group,
// all reporting their ESS events to the MNS topic `ess-events`; new custom
// images are announced on `rollgate-image-events` (the topics s.yaml names).
import type { LocalRegionWorld } from '../core/world';
import { seedFleet, type FleetSpec, type SeededFleet } from './fleet';

export const DEMO_EVENTS_TOPIC = 'ess-events';
export const DEMO_IMAGE_EVENTS_TOPIC = 'rollgate-image-events';

export const demoFleet: FleetSpec = {
  images: [
    {
      name: 'app-base-2024.10.01',
      family: 'app-base',
      version: '2024.10.01',
      tags: { 'image:pipeline': 'app-base' },
      ageDays: 40,
    },
    {
      name: 'app-base-2024.11.01',
      family: 'app-base',
      version: '2024.11.01',
      tags: { 'image:pipeline': 'app-base' },
      ageDays: 10,
    },
    {
      name: 'batch-base-2024.09.15',
      family: 'batch-base',
      version: '2024.09.15',
      tags: { 'image:pipeline': 'batch-base' },
      ageDays: 60,
    },
  ],
  topics: [DEMO_EVENTS_TOPIC],
  imageEventsTopic: DEMO_IMAGE_EVENTS_TOPIC,
  groups: [
    {
      name: 'web-canary',
      instances: 2,
      imageFamily: 'app-base',
      tags: { 'rollgate:managed': 'true', 'rollgate:wave': 'canary', app: 'web' },
      notificationTopic: DEMO_EVENTS_TOPIC,
    },
    {
      name: 'web-prod',
      instances: 6,
      imageFamily: 'app-base',
      tags: { 'rollgate:managed': 'true', 'rollgate:wave': 'prod', app: 'web' },
      notificationTopic: DEMO_EVENTS_TOPIC,
    },
    {
      name: 'api-prod',
      instances: 4,
      imageFamily: 'app-base',
      tags: { 'rollgate:managed': 'true', 'rollgate:wave': 'prod', app: 'api' },
      notificationTopic: DEMO_EVENTS_TOPIC,
    },
    {
      name: 'batch-legacy',
      instances: 3,
      imageFamily: 'batch-base',
      instanceType: 'ecs.c7.xlarge',
      tags: { app: 'batch' },
      notificationTopic: DEMO_EVENTS_TOPIC,
    },
  ],
};

export function seedDemo(world: LocalRegionWorld): SeededFleet {
  return seedFleet(world, demoFleet);
}
