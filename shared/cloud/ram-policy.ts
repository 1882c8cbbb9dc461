// The RAM policy of rollgate's function role, derived from CLOUD_ACTIONS and
// the policy file: reads as they are, writes to scaling groups only on the
// groups the targets select (by tag condition or group ARN), no `*` action.
// What the sources say about each condition: docs/decisions.md, "RAM policy".
import type { Policy } from '../domain/policy';
import { CLOUD_ACTIONS, type ActionAccess, type CloudProduct } from './actions';

export interface RamStatement {
  Effect: 'Allow';
  Action: string[];
  Resource: string | string[];
  Condition?: Record<string, Record<string, string | string[]>>;
}

export interface RamPolicyDocument {
  Version: '1';
  Statement: RamStatement[];
}

export interface RamPolicyInput {
  policy: Pick<Policy, 'targets'>;
  /** Topic rollgate publishes its events to (ROLLGATE_EVENTS_TOPIC). */
  eventsTopic: string;
  /** Gate function the reconcile starts (ROLLGATE_GATE_FUNCTION). */
  gateFunction: string;
}

function actions(product: CloudProduct, access: ActionAccess): string[] {
  return Object.entries(CLOUD_ACTIONS[product])
    .filter(([, spec]) => spec.callers === 'functions' && spec.access === access)
    .map(([action]) => `${product}:${action}`);
}

/** The statement granting scaling-group writes on the groups one selector picks; undefined when names alone select them. */
function groupWriteStatement(select: Policy['targets'][number]['select']): RamStatement | undefined {
  const tags = Object.entries(select.tags ?? {});
  if (tags.length === 0 && select.ids === undefined) return undefined;
  const statement: RamStatement = {
    Effect: 'Allow',
    Action: actions('ess', 'groupWrite'),
    Resource: select.ids === undefined ? '*' : select.ids.map((id) => `acs:ess:*:*:scalinggroup/${id}`),
  };
  const exact = tags.filter(([, value]) => value !== '*');
  const any = tags.filter(([, value]) => value === '*');
  const condition: RamStatement['Condition'] = {};
  if (exact.length > 0)
    condition['StringEquals'] = Object.fromEntries(exact.map(([key, value]) => [`acs:ResourceTag/${key}`, value]));
  if (any.length > 0) condition['StringLike'] = Object.fromEntries(any.map(([key]) => [`acs:ResourceTag/${key}`, '*']));
  return Object.keys(condition).length === 0 ? statement : { ...statement, Condition: condition };
}

function unique<T>(items: T[]): T[] {
  const seen = new Set<string>();
  return items.filter((item) => {
    const key = JSON.stringify(item);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

export function ramPolicyDocument(input: RamPolicyInput): RamPolicyDocument {
  const selectors = input.policy.targets.map((t) => t.select);
  const groupWrites = selectors.map(groupWriteStatement);
  // A target that selects groups by name alone cannot be narrowed: its writes apply to every group.
  const groupStatements = groupWrites.some((s) => s === undefined)
    ? [{ Effect: 'Allow' as const, Action: actions('ess', 'groupWrite'), Resource: '*' }]
    : groupWrites.filter((s) => s !== undefined);
  const functions = [...new Set([input.gateFunction, ...input.policy.targets.map((t) => t.gate.function)])].sort();
  const products: CloudProduct[] = ['ess', 'ecs', 'oos', 'cms'];
  return {
    Version: '1',
    Statement: [
      { Effect: 'Allow', Action: products.flatMap((p) => actions(p, 'read')), Resource: '*' },
      ...unique(groupStatements),
      {
        Effect: 'Allow',
        Action: [...actions('ess', 'write'), ...actions('ecs', 'write'), ...actions('oos', 'write')],
        Resource: '*',
      },
      {
        Effect: 'Allow',
        Action: actions('mns', 'write'),
        Resource: `acs:mns:*:*:/topics/${input.eventsTopic}/messages`,
      },
      {
        Effect: 'Allow',
        Action: actions('fc', 'write'),
        Resource: functions.map((name) => `acs:fc:*:*:functions/${name}`),
      },
      // StartExecution hands the policy's rollout.oosAssumeRole to OOS, which needs PassRole on it.
      {
        Effect: 'Allow',
        Action: ['ram:PassRole'],
        Resource: '*',
        Condition: { StringEquals: { 'acs:Service': 'oos.aliyuncs.com' } },
      },
    ],
  };
}

/** The document as docs/ram-policy.json holds it. */
export function ramPolicyText(input: RamPolicyInput): string {
  return `${JSON.stringify(ramPolicyDocument(input), null, 2)}\n`;
}
