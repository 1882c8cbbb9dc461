// rollout: pin groups to a revision of a kind. Writes the desired state where
// the design keeps it (the group's `rollgate:desired-*` tag), then reconciles
// those groups now and answers what happens: starting now, queued for a
// window, or blocked. The revision is checked first, on the plan the pin
// would give, so a revision that does not exist or is rejected is refused
// before anything is written.
import type { GroupDecision } from '../domain/actions';
import { desiredTagAction, tagsWouldChange } from '../domain/group-tags';
import { historyOf, kindOfExecution, revisionOfExecution } from '../domain/history';
import { plan } from '../domain/plan';
import { kindOf, type RolloutKind } from '../domain/policy';
import { groupMatches } from '../domain/select';
import { isActiveExecution, type GroupSnapshot, type Snapshot } from '../domain/snapshot';
import type { ControllerDeps } from '../controller/deps';
import { tagGroup } from '../controller/execute/tag-group';
import { reconcile } from '../controller/reconcile';
import { withCorrelation } from '../log';
import { OperationError } from './errors';
import { resolveGroups } from './groups';
import { parseRequest, RolloutRequestSchema } from './requests';
import { readView } from './view';

/** What happens to one group: `started` now, `running` already, `queued` for a window, `blocked`, `waiting` on another rule, `satisfied`. */
export type RolloutFate = 'started' | 'running' | 'queued' | 'blocked' | 'waiting' | 'satisfied';

export interface RolloutGroupResult {
  groupId: string;
  name: string;
  /** The desired-state tag write. */
  tag: 'updated' | 'unchanged';
  fate: RolloutFate;
  rule: string;
  detail: string;
  executionId?: string;
  /** For `queued`: when the window opens. */
  opensAt?: string;
}

export interface RolloutReport {
  result: 'updated' | 'unchanged';
  kind: string;
  revision: string;
  reason: string;
  groups: RolloutGroupResult[];
}

const REFUSED_REASONS: readonly string[] = [
  'unknown-revision',
  'rejected-revision',
  'no-desired-revision',
  'attempts-exhausted',
];

function withTags(snapshot: Snapshot, groupId: string, tags: Readonly<Record<string, string>>): Snapshot {
  return {
    ...snapshot,
    groups: snapshot.groups.map((g) => (g.id === groupId ? { ...g, tags: { ...g.tags, ...tags } } : g)),
  };
}

/**
 * The group as it will be once its rollout in flight (of another kind, or a final bake) has ended: the planner
 * decides an in-flight group by its rollout (`rollout-running`) before it looks at a pin, so a pin is checked
 * against the snapshot without it.
 */
function withoutInFlight(snapshot: Snapshot, groupId: string): Snapshot {
  const inFlightHere = (e: Snapshot['executions'][number]) =>
    isActiveExecution(e) && historyOf(snapshot, groupId).executions.some((g) => g.id === e.id);
  return {
    ...snapshot,
    executions: snapshot.executions.filter((e) => !inFlightHere(e)),
    groups: snapshot.groups.map((g) => {
      if (g.id !== groupId || g.finalBake === undefined) return g;
      const { finalBake: _ended, ...rest } = g;
      return rest;
    }),
  };
}

function decisionOf(decisions: readonly GroupDecision[], groupId: string, kind: string): GroupDecision | undefined {
  return decisions.find((d) => d.groupId === groupId && d.kind === kind);
}

/** Refuses a pin that cannot roll: no target of that kind, another revision running, a revision unknown or rejected. */
function checkPin(
  deps: ControllerDeps,
  snapshot: Snapshot,
  group: GroupSnapshot,
  kind: RolloutKind,
  revision: string,
  at: Date,
  field: string,
): void {
  if (!deps.policy.targets.some((t) => kindOf(t) === kind && groupMatches(t.select, group))) {
    throw new OperationError(
      'unprocessable',
      `no policy target manages ${kind} on group ${group.name}`,
      field,
      'add a target of this kind that selects the group, or pin another kind',
    );
  }
  const running = historyOf(snapshot, group.id).executions.find(
    (e) => isActiveExecution(e) && kindOfExecution(e) === kind,
  );
  if (running !== undefined && revisionOfExecution(running) !== revision) {
    throw new OperationError(
      'conflict',
      `group ${group.name} is rolling ${kind} ${revisionOfExecution(running) ?? '?'} (execution ${running.id})`,
      field,
      'wait for it to end, or abort or roll it back first',
    );
  }
  if (running !== undefined) return;
  const action = desiredTagAction(group.id, kind, revision, 'check');
  const decision = decisionOf(
    plan(withTags(withoutInFlight(snapshot, group.id), group.id, action.tags), deps.policy, at).decisions,
    group.id,
    kind,
  );
  if (decision !== undefined && decision.verdict === 'wait' && REFUSED_REASONS.includes(decision.reason)) {
    const hint =
      decision.reason === 'rejected-revision' || decision.reason === 'attempts-exhausted'
        ? 'roll a new revision, or clear the rejection with retry'
        : 'name an existing, Available revision';
    throw new OperationError(
      'unprocessable',
      `${kind} ${revision} cannot roll on ${group.name}: ${decision.detail}`,
      'revision',
      hint,
    );
  }
}

function fateOf(
  decision: GroupDecision | undefined,
  started: string | undefined,
  recheckAt: string | undefined,
): Pick<RolloutGroupResult, 'fate' | 'opensAt'> {
  if (started !== undefined) return { fate: 'started' };
  if (decision === undefined) return { fate: 'waiting' };
  if (decision.verdict === 'satisfied') return { fate: 'satisfied' };
  if (decision.verdict === 'start') return { fate: 'started' };
  if (decision.reason === 'rollout-running') return { fate: 'running' };
  if (decision.reason === 'window-closed')
    return { fate: 'queued', ...(recheckAt === undefined ? {} : { opensAt: recheckAt }) };
  if (REFUSED_REASONS.includes(decision.reason) || decision.reason === 'paused') return { fate: 'blocked' };
  return { fate: 'waiting' };
}

export async function rollout(deps: ControllerDeps, input: unknown): Promise<RolloutReport> {
  const request = parseRequest(RolloutRequestSchema, input);
  const view = await readView(deps);
  const groups = resolveGroups(view.snapshot, request);
  groups.forEach((g, i) => checkPin(deps, view.snapshot, g, request.kind, request.revision, view.at, `groups[${i}]`));
  const tagResults = new Map<string, 'updated' | 'unchanged'>();
  for (const group of groups) {
    const action = desiredTagAction(group.id, request.kind, request.revision, request.reason);
    const log = withCorrelation(deps.log, { groupId: group.id });
    if (!tagsWouldChange(group.tags, action)) {
      tagResults.set(group.id, 'unchanged');
      continue;
    }
    const written = await tagGroup(deps.clients, group, action);
    log.info({ kind: request.kind, revision: request.revision, reason: request.reason }, 'group pinned to a revision');
    tagResults.set(group.id, written.result === 'unchanged' ? 'unchanged' : 'updated');
  }
  const report = await reconcile(deps, { groupIds: groups.map((g) => g.id) });
  const results = groups.map((group): RolloutGroupResult => {
    const decision = decisionOf(report.decisions, group.id, request.kind);
    const started = report.outcomes.find(
      (o) => o.type === 'startRollout' && o.groupId === group.id && o.result === 'started',
    );
    const executionId = started?.type === 'startRollout' ? started.executionId : undefined;
    const running = historyOf(view.snapshot, group.id).executions.find(
      (e) => isActiveExecution(e) && kindOfExecution(e) === request.kind,
    );
    return {
      groupId: group.id,
      name: group.name,
      tag: tagResults.get(group.id) ?? 'unchanged',
      ...fateOf(decision, executionId, waitRecheck(deps, view.snapshot, group, request, view.at)),
      rule: decision?.reason ?? 'unknown',
      detail: decision?.detail ?? '',
      ...(executionId !== undefined ? { executionId } : running !== undefined ? { executionId: running.id } : {}),
    };
  });
  const changed = results.some((r) => r.tag === 'updated' || r.fate === 'started');
  return {
    result: changed ? 'updated' : 'unchanged',
    kind: request.kind,
    revision: request.revision,
    reason: request.reason,
    groups: results,
  };
}

/** The instant a waiting group is planned to be looked at again (a window's opening): the pure plan on the pinned snapshot says. */
function waitRecheck(
  deps: ControllerDeps,
  snapshot: Snapshot,
  group: GroupSnapshot,
  request: { kind: RolloutKind; revision: string },
  at: Date,
): string | undefined {
  const pinned = withTags(snapshot, group.id, desiredTagAction(group.id, request.kind, request.revision, '').tags);
  const wait = plan(pinned, deps.policy, at).actions.find((a) => a.type === 'wait' && a.groupId === group.id);
  return wait?.type === 'wait' ? wait.recheckAt : undefined;
}
