// The rolling-update history a reconcile reads for the whole fleet: newest
// first, and only as far back as a decision about some group still needs.
// What the planner takes from the history of a group it does not act on is
// its newest execution of each kind its targets roll (in flight? stopped half
// way?) and its newest success of that kind (what is in place). So the
// listing stops once every managed group has shown a success of each of its
// kinds, or the listing has gone back past the group's creation; the long
// tail of older successes is never read, and the calls stay flat as history
// grows (docs/decisions.md, "History read newest first, as far as it
// decides"). A group the planner may act on has its whole history read with
// its instances (readGroupHistory) unless the listing already holds it all:
// failures, rollbacks and attempts of a revision can be of any age.
import type { CloudClients, Execution, ScalingGroup } from '../../cloud/api';
import type { Policy } from '../../domain/policy';
import { kindOf, type RolloutKind } from '../../domain/policy/target';
import { groupMatches } from '../../domain/select';
import { kindOfExecution } from '../../domain/history';
import type { ExecutionSnapshot } from '../../domain/snapshot';
import { EXECUTION_TAG } from '../../domain/tags';
import { MAX_PAGE_SIZE } from '../../cloud/paging';
import { toExecutionSnapshot } from './map';

/** Substring of every ESS rolling-update template name (ListExecutions matches TemplateName by substring). */
export const ROLLING_UPDATE_TEMPLATE_FILTER = 'ACS-ESS-RollingUpdate';

/**
 * Statuses an execution keeps for as long as its tasks run or a person
 * waits (a held pause): listed whatever their age, so an unfinished execution
 * is never left out of the fleet's history, however old.
 */
const LONG_LIVED_STATUSES: readonly string[] = ['Running', 'Waiting'];

interface Unsettled {
  kinds: Set<RolloutKind>;
  /** A group has no execution that started before it was created. */
  createdMs: number;
}

function unsettled(group: ScalingGroup, policy: Policy): Unsettled {
  const view = { id: group.scalingGroupId, name: group.scalingGroupName, tags: group.tags };
  const created = Date.parse(group.creationTime ?? '');
  return {
    kinds: new Set(policy.targets.filter((t) => groupMatches(t.select, view)).map(kindOf)),
    createdMs: Number.isNaN(created) ? 0 : created,
  };
}

function unsettledGroups(groups: readonly ScalingGroup[], policy: Policy): Map<string, Unsettled> {
  const open = new Map<string, Unsettled>();
  for (const group of groups) {
    const state = unsettled(group, policy);
    if (state.kinds.size > 0) open.set(group.scalingGroupId, state);
  }
  return open;
}

function settle(open: Map<string, Unsettled>, execution: ExecutionSnapshot): void {
  if (execution.status !== 'Success') return;
  const groupId = execution.tags[EXECUTION_TAG.scalingGroup];
  const group = groupId === undefined ? undefined : open.get(groupId);
  const kind = kindOfExecution(execution);
  if (group === undefined || groupId === undefined || kind === undefined) return;
  group.kinds.delete(kind);
  if (group.kinds.size === 0) open.delete(groupId);
}

export interface FleetHistory {
  executions: ExecutionSnapshot[];
  /** Whether the listing holds every execution of this group (it went back past the group's creation, or to the end). */
  complete(groupId: string): boolean;
}

/** The groups listed so far, and the whole listing when it has ended. */
export interface GroupListing {
  all: Promise<readonly ScalingGroup[]>;
  soFar(): readonly ScalingGroup[];
}

/**
 * Whether some group already listed is still open after the pages read so far (a kind without a success, and
 * the pages not yet past its creation): then the whole fleet cannot be settled either, so the next page is
 * needed whatever the rest of the group listing holds. Lets the history read go on while the groups are still
 * being listed, with the same pages read and the same stop.
 *
 * Kept up to date page by page rather than worked out again over every page and every group listed so far
 * (which grew with groups × pages²: 10,000 groups, 100 pages): pages only add successes and go further back,
 * so a group once closed stays closed, and only the groups not yet seen closed are looked at, oldest listed
 * first, until one is still open.
 */
class ListedGroupsWatch {
  private readonly succeeded = new Map<string, Set<RolloutKind>>();
  private oldestStart = Infinity;
  /** Groups listed and not yet seen closed, in listing order; `next` is the first still to look at. */
  private readonly candidates: Array<{ id: string } & Unsettled> = [];
  private next = 0;
  private listedSeen = 0;

  constructor(private readonly policy: Policy) {}

  addPage(page: readonly ExecutionSnapshot[]): void {
    const start = Date.parse(page.at(-1)?.startDate ?? '');
    if (!Number.isNaN(start)) this.oldestStart = Math.min(this.oldestStart, start);
    for (const execution of page) {
      const groupId = execution.tags[EXECUTION_TAG.scalingGroup];
      const kind = kindOfExecution(execution);
      if (execution.status !== 'Success' || groupId === undefined || kind === undefined) continue;
      const kinds = this.succeeded.get(groupId);
      if (kinds === undefined) this.succeeded.set(groupId, new Set([kind]));
      else kinds.add(kind);
    }
  }

  someOpen(listed: readonly ScalingGroup[]): boolean {
    for (; this.listedSeen < listed.length; this.listedSeen++) {
      const group = listed[this.listedSeen] as ScalingGroup;
      this.candidates.push({ id: group.scalingGroupId, ...unsettled(group, this.policy) });
    }
    for (; this.next < this.candidates.length; this.next++) {
      const { id, kinds, createdMs } = this.candidates[this.next] as { id: string } & Unsettled;
      const done = this.succeeded.get(id);
      if (this.oldestStart >= createdMs && [...kinds].some((kind) => done?.has(kind) !== true)) return true;
    }
    return false;
  }
}

/**
 * Newest first, page by page, until every managed group is settled. `beyondFirstPage` runs as soon as the
 * listing may hold more than its first page (a full first page, or a second page): until then the listing may
 * still turn out to be the whole history, which needs no other listing. A short first page that settles every
 * group is not taken for the end of the listing: the next page is asked for (no call when there is none).
 */
async function newestHistory(
  clients: CloudClients,
  policy: Policy,
  groups: GroupListing,
  beyondFirstPage: () => void,
): Promise<FleetHistory> {
  const seen: ExecutionSnapshot[] = [];
  const pastCreation = new Set<string>();
  let open: Map<string, Unsettled> | undefined;
  let listed = false;
  void groups.all.then(
    () => (listed = true),
    () => undefined,
  );
  // Pages read before the group listing ended: settled, in order, once it has.
  const pending: ExecutionSnapshot[][] = [];
  const watch = new ListedGroupsWatch(policy);
  let stopped = false;
  let pagesRead = 0;
  /** Settled by a short first page: a further page means the listing goes on, and the read stops there. */
  let settledEarly = false;
  for await (const page of clients.oos.executionPages({
    templateName: ROLLING_UPDATE_TEMPLATE_FILTER,
    sortField: 'StartDate',
    sortOrder: 'Descending',
  })) {
    pagesRead += 1;
    const moreThanOnePage = pagesRead > 1 || page.length >= MAX_PAGE_SIZE.oosListExecutions;
    if (moreThanOnePage) beyondFirstPage();
    if (settledEarly) {
      stopped = true;
      break;
    }
    const executions = page.map(toExecutionSnapshot);
    seen.push(...executions);
    pending.push(executions);
    if (open === undefined && !listed) {
      watch.addPage(executions);
      if (watch.someOpen(groups.soFar())) continue;
    }
    open ??= unsettledGroups(await groups.all, policy);
    for (const pageRead of pending.splice(0)) settlePage(open, pastCreation, pageRead);
    if (open.size === 0) {
      if (!moreThanOnePage) {
        settledEarly = true;
        continue;
      }
      stopped = true;
      break;
    }
  }
  return { executions: seen, complete: (groupId) => !stopped || pastCreation.has(groupId) };
}

/** One page's successes settle their groups; a group the page's oldest start went back past has no older execution. */
function settlePage(
  open: Map<string, Unsettled>,
  pastCreation: Set<string>,
  executions: readonly ExecutionSnapshot[],
): void {
  for (const execution of executions) settle(open, execution);
  const oldestStart = Date.parse(executions.at(-1)?.startDate ?? '');
  if (Number.isNaN(oldestStart)) return;
  for (const [groupId, group] of open) {
    if (oldestStart >= group.createdMs) continue;
    open.delete(groupId);
    pastCreation.add(groupId);
  }
}

function ofGroups(executions: readonly ExecutionSnapshot[]): ExecutionSnapshot[] {
  return executions.filter((e) => e.tags[EXECUTION_TAG.scalingGroup] !== undefined);
}

const snapshots = (executions: readonly Execution[]): ExecutionSnapshot[] => executions.map(toExecutionSnapshot);

/** One list, each execution once: the first list's copy wins. */
export function mergeExecutions(...lists: ReadonlyArray<readonly ExecutionSnapshot[]>): ExecutionSnapshot[] {
  const byId = new Map<string, ExecutionSnapshot>();
  for (const list of lists) for (const e of list) if (!byId.has(e.id)) byId.set(e.id, e);
  return [...byId.values()];
}

/** Rolling-update executions tagged with a scaling group, as far back as the fleet's decisions need (see the top of this file). */
export async function readFleetHistory(
  clients: CloudClients,
  policy: Policy,
  groups: GroupListing,
): Promise<FleetHistory> {
  // Unfinished executions of any age are listed by status only when the newest-first listing does not reach the
  // end of the history by itself: a fleet whose whole history is one page costs one ListExecutions.
  let longLivedListings: Promise<Execution[][]> | undefined;
  const listLongLived = (): Promise<Execution[][]> =>
    (longLivedListings ??= Promise.all(
      LONG_LIVED_STATUSES.map((status) =>
        clients.oos.listAllExecutions({ templateName: ROLLING_UPDATE_TEMPLATE_FILTER, status }),
      ),
    ));
  const newest = await newestHistory(clients, policy, groups, () => void listLongLived().catch(() => undefined));
  const longLived = longLivedListings === undefined ? [] : await listLongLived();
  // An execution in both (it moved on while the pages were read) keeps one copy; the next reconcile reads it again either way.
  return {
    executions: ofGroups(mergeExecutions(newest.executions, ...longLived.map(snapshots))),
    complete: newest.complete,
  };
}

/** Every rolling-update execution of one group, for a group the planner may act on. */
export async function readGroupHistory(clients: CloudClients, groupId: string): Promise<ExecutionSnapshot[]> {
  const executions = await clients.oos.listAllExecutions({
    templateName: ROLLING_UPDATE_TEMPLATE_FILTER,
    tags: { [EXECUTION_TAG.scalingGroup]: groupId },
  });
  return ofGroups(snapshots(executions));
}

/** Executions named elsewhere (a group's gate state) that the fleet listing did not reach: one call each, only when there are any. */
export async function readExecutionsById(clients: CloudClients, ids: readonly string[]): Promise<ExecutionSnapshot[]> {
  const listed = await Promise.all(ids.map((executionId) => clients.oos.listExecutions({ executionId })));
  return ofGroups(snapshots(listed.flatMap((l) => l.executions)));
}
