// The operations both faces use: the webhook (functions/webhook) and the
// `rollgate` CLI call these and hold no controller logic of their own.
export { OperationError, type OperationErrorCode } from './errors';
export { status, type StatusReport, type GroupStatus, type ActiveRollout, type RolloutPhase } from './status';
export { planAt, parseAt, type PlanReport, type PlannedGroup } from './plan';
export { rollout, type RolloutReport, type RolloutGroupResult, type RolloutFate } from './rollout';
export { groupAction, GROUP_ACTIONS, type GroupAction, type GroupActionReport } from './control';
export { events, type EventsReport } from './events';
export { freeze, unfreeze, type FreezeReport } from './freeze';
export {
  validatePolicyText,
  deployWarningsOf,
  formatProblem,
  type ValidateReport,
  type PolicyProblem,
} from './validate';
export type { WindowStatus } from './window';
export type { FreezeStatus } from './view';
