// The three public ESS rolling-update templates the local cloud runs, reduced
// to what differs between them: what a child execution does to one instance
// and how their tasks are named (aliyun/oos-templates, research §2b).
export type UpdateKind = 'image' | 'script' | 'package';

export interface RollingUpdateTemplate {
  readonly name: string;
  readonly kind: UpdateKind;
  /** The nested template each loop item runs as a child execution. */
  readonly childAction: string;
  /** Loop task names of the invoke and rollback paths. */
  readonly invokeLoopTask: string;
  readonly rollbackLoopTask: string;
}

export const ROLLING_UPDATE_TEMPLATES: Readonly<Record<string, RollingUpdateTemplate>> = {
  'ACS-ESS-RollingUpdateByReplaceSystemDiskInScalingGroup': {
    name: 'ACS-ESS-RollingUpdateByReplaceSystemDiskInScalingGroup',
    kind: 'image',
    childAction: 'ACS::ESS::ReplaceSystemDisk',
    invokeLoopTask: 'invokeByReplaceImage',
    rollbackLoopTask: 'rollbackByReplaceImage',
  },
  'ACS-ESS-RollingUpdateByRunCommandInScalingGroup': {
    name: 'ACS-ESS-RollingUpdateByRunCommandInScalingGroup',
    kind: 'script',
    childAction: 'ACS::ESS::RunCommand',
    invokeLoopTask: 'invokeByRunCommand',
    rollbackLoopTask: 'rollbackByRunCommand',
  },
  'ACS-ESS-RollingUpdateByConfigureOOSPackage': {
    name: 'ACS-ESS-RollingUpdateByConfigureOOSPackage',
    kind: 'package',
    childAction: 'ACS::ESS::ConfigureOOSPackage',
    invokeLoopTask: 'invokeByConfigureOOSPackage',
    rollbackLoopTask: 'rollbackByConfigureOOSPackage',
  },
};

export function findTemplate(name: string): RollingUpdateTemplate | undefined {
  return Object.hasOwn(ROLLING_UPDATE_TEMPLATES, name) ? ROLLING_UPDATE_TEMPLATES[name] : undefined;
}

/** Fn::CalculateBatch[batchNumber, items]: items per batch so that there are at most batchNumber batches. */
export function calculateBatch(batchNumber: number, itemCount: number): number {
  return Math.max(1, Math.ceil(itemCount / batchNumber));
}

/** Splits items into consecutive batches of `concurrency` (the last may be smaller). */
export function splitIntoBatches<T>(items: readonly T[], concurrency: number): T[][] {
  const batches: T[][] = [];
  for (let i = 0; i < items.length; i += concurrency) batches.push(items.slice(i, i + concurrency));
  return batches;
}
