import { ROLLOUT_KINDS, type RolloutKind } from './target';

/** The OOS public template for each kind of rollout (fixed by the kind, not configurable). */
export const TEMPLATE_BY_KIND: Readonly<Record<RolloutKind, string>> = {
  image: 'ACS-ESS-RollingUpdateByReplaceSystemDiskInScalingGroup',
  script: 'ACS-ESS-RollingUpdateByRunCommandInScalingGroup',
  package: 'ACS-ESS-RollingUpdateByConfigureOOSPackage',
};

export function kindOfTemplate(templateName: string): RolloutKind | undefined {
  return ROLLOUT_KINDS.find((kind) => TEMPLATE_BY_KIND[kind] === templateName);
}

/** Estimated seconds for one batch of instances when the policy gives none. */
export const DEFAULT_INSTANCE_SECONDS: Readonly<Record<RolloutKind, number>> = {
  image: 300,
  script: 60,
  package: 120,
};
