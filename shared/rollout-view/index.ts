// The rollout view shared by `npm start` and `rollgate rollout --wait`.
export { createRolloutView, type RolloutView, type RolloutViewOptions, type ViewOutput } from './view';
export {
  eventLine,
  estimateSecondsLeft,
  formatDuration,
  groupLine,
  progressBar,
  type GroupProgress,
  type ViewEvent,
} from './lines';
export { rolloutOutcome, type OutcomeInput, type RolloutOutcome } from './outcome';
