// ECS (API 2014-05-26) as data: Version → Action → handler.
import type { RpcRoutes } from '../core/contracts';
import type { RpcProduct } from '../core/rpc';
import * as h from './handlers';

export const ECS_API_VERSION = '2014-05-26';

export const ecsRoutes: RpcRoutes = {
  [ECS_API_VERSION]: {
    DescribeImages: h.describeImages,
    CreateImage: h.createImage,
    DescribeInstances: h.describeInstances,
    StopInstance: h.stopInstance,
    StartInstance: h.startInstance,
    RebootInstance: h.rebootInstance,
    ReplaceSystemDisk: h.replaceSystemDisk,
    DescribeDisks: h.describeDisks,
    TagResources: h.tagResources,
    UntagResources: h.untagResources,
    ListTagResources: h.listTagResources,
    RunCommand: h.runCommand,
    DescribeInvocations: h.describeInvocations,
    DescribeInvocationResults: h.describeInvocationResults,
  },
};

export const ecsProduct: RpcProduct = { name: 'ecs', routes: ecsRoutes };
