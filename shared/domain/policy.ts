// The rollgate policy (rollgate.yaml): which groups are managed, what they
// should run and how changes roll out. Types come from the schemas.
export * from './policy/schema';
export * from './policy/common';
export * from './policy/gate';
export * from './policy/notifications';
export * from './policy/rollout';
export * from './policy/source';
export * from './policy/target';
export * from './policy/templates';
export * from './policy/waves';
export * from './policy/window';
export { parsePolicy, type PolicyError, type PolicyParseResult } from './parse-policy';
export { validatePolicy } from './validate-policy';
