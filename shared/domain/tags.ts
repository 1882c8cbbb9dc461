// Tag keys rollgate reads and writes. Group tags hold desired state (visible in
// the ESS console); execution tags tie an OOS execution to its group and campaign.

/** ESS scaling-group tags. */
export const GROUP_TAG = {
  desiredImage: 'rollgate:desired-image',
  desiredScript: 'rollgate:desired-script',
  desiredPackage: 'rollgate:desired-package',
  /** Revision of each kind that failed and must not be retried on this group: one tag per kind, so rejecting one keeps the others. */
  rejectedImage: 'rollgate:rejected-image',
  rejectedScript: 'rollgate:rejected-script',
  rejectedPackage: 'rollgate:rejected-package',
  /** The single rejection tag of earlier releases: still honoured for any kind, no longer written. */
  legacyRejected: 'rollgate:rejected',
  /** Any value but `false` pauses the group. */
  paused: 'rollgate:paused',
  /** Emergency freeze written by the freeze operation: any value but `false` (the reason) stops new rollouts and batches. */
  frozen: 'rollgate:frozen',
  /**
   * `<executionId>/<count>`: InService instances the gate found off the image when that successful image rollout's
   * final bake passed (launched as it started, after the template listed the instances): a follow-up rollout is due.
   */
  behind: 'rollgate:behind',
} as const;

/** OOS execution tags. `scaling_group` also shows the execution in the ESS console. */
export const EXECUTION_TAG = {
  scalingGroup: 'scaling_group',
  campaign: 'rollgate:campaign',
  kind: 'rollgate:kind',
  revision: 'rollgate:revision',
  attempt: 'rollgate:attempt',
  /**
   * Package rollouts: the version of the package that the group ran before (its newest successful package
   * execution), or `none`; what the package rollback installs again (docs/policy.md).
   */
  previousPackage: 'rollgate:previous-package',
} as const;

/** ECS image tag: `true` marks an image as rejected for every group. */
export const IMAGE_TAG_REJECTED = 'rollgate:rejected';
