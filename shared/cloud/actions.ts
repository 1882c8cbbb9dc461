// Every action the cloud layer calls, per product. The RAM policy rollgate's
// functions need (docs/ram-policy.json, `npm run ram-policy`) is generated
// from this table, and the clients refuse an action that is not in it: a new
// operation cannot ship without its permission.

/** `read` actions are granted as they are; `groupWrite` ones only on the managed scaling groups. */
export type ActionAccess = 'read' | 'write' | 'groupWrite';

export interface ActionSpec {
  access: ActionAccess;
  /** `tests`: only the local tests call it (the functions never do), so the RAM policy leaves it out. */
  callers: 'functions' | 'tests';
}

const read: ActionSpec = { access: 'read', callers: 'functions' };
const write: ActionSpec = { access: 'write', callers: 'functions' };
const groupWrite: ActionSpec = { access: 'groupWrite', callers: 'functions' };
const testsOnly: ActionSpec = { access: 'write', callers: 'tests' };

export const CLOUD_ACTIONS = {
  ess: {
    DescribeScalingGroups: read,
    DescribeScalingConfigurations: read,
    DescribeScalingInstances: read,
    DescribeScalingActivities: read,
    ListTagResources: read,
    TagResources: groupWrite,
    UntagResources: groupWrite,
    SuspendProcesses: groupWrite,
    ResumeProcesses: groupWrite,
    ExitStandby: groupWrite,
    EnterStandby: testsOnly,
    // A scaling configuration carries no tags of its own (docs/decisions.md, RAM policy).
    ModifyScalingConfiguration: write,
  },
  ecs: {
    DescribeImages: read,
    DescribeInstances: read,
    DescribeInvocations: read,
    DescribeInvocationResults: read,
    RunCommand: write,
    TagResources: write,
  },
  oos: {
    ListExecutions: read,
    ListTaskExecutions: read,
    StartExecution: write,
    NotifyExecution: write,
    CancelExecution: write,
    // The account-wide freeze (docs/decisions.md, "Freeze").
    GetParameter: read,
    CreateParameter: write,
    UpdateParameter: write,
  },
  cms: {
    DescribeMetricList: read,
    DescribeMetricLast: read,
  },
  mns: {
    PublishMessage: write,
    SendMessage: testsOnly,
    ReceiveMessage: testsOnly,
    DeleteMessage: testsOnly,
  },
  fc: {
    InvokeFunction: write,
  },
} as const satisfies Record<string, Record<string, ActionSpec>>;

export type CloudProduct = keyof typeof CLOUD_ACTIONS;

/** `ess:DescribeScalingGroups`, …: an action of the table with its product. */
export type DeclaredOperation = {
  [P in CloudProduct]: `${P}:${Extract<keyof (typeof CLOUD_ACTIONS)[P], string>}`;
}[CloudProduct];

export function declaredAction(operation: string): ActionSpec | undefined {
  const [product, action] = operation.split(':');
  const actions = (CLOUD_ACTIONS as Record<string, Record<string, ActionSpec>>)[product ?? ''];
  return actions !== undefined && action !== undefined && Object.hasOwn(actions, action) ? actions[action] : undefined;
}

/** Throws when an operation is not in the table: calling it would fail on the cloud for want of a permission. */
export function assertDeclared(operation: string): void {
  if (declaredAction(operation) !== undefined) return;
  throw new Error(
    `cloud operation ${operation} is not declared in shared/cloud/actions.ts: add it there with its access, ` +
      'then run `npm run ram-policy` so docs/ram-policy.json grants it',
  );
}
