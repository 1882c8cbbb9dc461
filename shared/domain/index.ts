// rollgate's pure domain: policy, snapshot types, plan(), windows, gate
// decisions and events. No I/O; time and ids come in as arguments.
export * from './actions';
export * from './events';
export * from './hash';
export * from './policy';
export * from './regions';
export * from './snapshot';
export * from './tags';
export * from './windows';
export * from './wake';
export * from './batch-hold';
export * from './drift';
export * from './gate';
export * from './health';
export * from './history';
export * from './plan';
export * from './revision';
export * from './rollout-request';
export * from './rules/index';
export * from './satisfied';
export * from './select';
export * from './waves';
export * from './policy-json-schema';
export * from './group-tags';
export * from './campaign';
export * from './order';
