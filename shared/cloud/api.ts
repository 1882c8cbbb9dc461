// The interfaces the controller depends on, in one import.
export type * from './api-common';
export type * from './ess-api';
export type * from './ecs-api';
export type * from './oos-api';
export type * from './mns-api';
export type * from './fc-api';
export { ALL_SCALING_PROCESSES, ESS_TAG_RESOURCE_TYPE } from './ess-api';

import type { EcsApi } from './ecs-api';
import type { EssApi } from './ess-api';
import type { FcApi } from './fc-api';
import type { MnsApi } from './mns-api';
import type { OosApi } from './oos-api';

/** Every product client rollgate uses; `createCloudClients(config)` returns one. */
export interface CloudClients {
  ess: EssApi;
  ecs: EcsApi;
  oos: OosApi;
  mns: MnsApi;
  fc: FcApi;
}
