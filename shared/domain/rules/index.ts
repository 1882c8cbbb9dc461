// The planner's rules, in the order they are checked. The first
// non-compliant verdict decides a group.
import { attemptsLeft } from './attempts-left';
import { concurrencyAvailable } from './concurrency-available';
import { groupActive } from './group-active';
import { groupNotPaused } from './group-not-paused';
import { hasInServiceInstances } from './has-in-service-instances';
import { hasScalingConfiguration } from './has-scaling-configuration';
import { noRolloutRunning } from './no-rollout-running';
import { noScalingActivity } from './no-scaling-activity';
import { notFrozen } from './not-frozen';
import { notSatisfied } from './not-satisfied';
import { regionSupported } from './region-supported';
import { revisionNotRejected } from './revision-not-rejected';
import { rolloutNotInFlight } from './rollout-not-in-flight';
import { singleTarget } from './single-target';
import type { GroupRule, RevisionRule } from './verdict';
import { waveReady } from './wave-ready';
import { windowOpen } from './window-open';

/** Checked before the desired revision is resolved. */
export const GROUP_RULES: readonly GroupRule[] = [
  regionSupported,
  groupActive,
  singleTarget,
  notFrozen,
  groupNotPaused,
  rolloutNotInFlight,
];

/**
 * The group rules whose verdict needs nothing but the group listing and the execution history: a group they
 * stop (or one whose rollout is in flight) is decided without the recorded freeze, the images or the
 * configurations (`sourcesDecide` in plan.ts).
 */
export const LISTING_RULES: readonly GroupRule[] = [regionSupported, groupActive, singleTarget];

/** Checked once the desired revision is known. */
export const REVISION_RULES: readonly RevisionRule[] = [
  noRolloutRunning,
  revisionNotRejected,
  notSatisfied,
  attemptsLeft,
  hasScalingConfiguration,
  noScalingActivity,
  hasInServiceInstances,
  waveReady,
  windowOpen,
  concurrencyAvailable,
];

export {
  attemptsLeft,
  concurrencyAvailable,
  groupActive,
  groupNotPaused,
  hasInServiceInstances,
  hasScalingConfiguration,
  noRolloutRunning,
  noScalingActivity,
  notFrozen,
  notSatisfied,
  regionSupported,
  revisionNotRejected,
  rolloutNotInFlight,
  singleTarget,
  waveReady,
  windowOpen,
};
export * from './verdict';
