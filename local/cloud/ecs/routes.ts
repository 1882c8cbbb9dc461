// ECS (API 2014-05-26) as data: Version → Action → handler (handlers by area in *-handlers.ts).
import type { RpcRoutes } from '../core/contracts';
import type { RpcProduct } from '../core/rpc';
import * as commands from './command-handlers';
import * as images from './image-handlers';
import * as instances from './instance-handlers';
import * as tags from './tag-handlers';

export const ECS_API_VERSION = '2014-05-26';

export const ecsRoutes: RpcRoutes = {
  [ECS_API_VERSION]: {
    DescribeImages: images.describeImages,
    CreateImage: images.createImage,
    DescribeInstances: instances.describeInstances,
    StopInstance: instances.stopInstance,
    StartInstance: instances.startInstance,
    RebootInstance: instances.rebootInstance,
    ReplaceSystemDisk: instances.replaceSystemDisk,
    DescribeDisks: instances.describeDisks,
    TagResources: tags.tagResources,
    UntagResources: tags.untagResources,
    ListTagResources: tags.listTagResources,
    RunCommand: commands.runCommand,
    DescribeInvocations: commands.describeInvocations,
    DescribeInvocationResults: commands.describeInvocationResults,
  },
};

export const ecsProduct: RpcProduct = { name: 'ecs', routes: ecsRoutes };
