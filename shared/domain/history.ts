// Reading a group's rolling-update executions: which are rollgate's, which
// revision they carried, whether a revision succeeded, failed or was rolled back.
import { kindOfTemplate } from './policy/templates';
import type { RolloutKind } from './policy/target';
import type { ExecutionSnapshot, Snapshot } from './snapshot';
import { isActiveExecution } from './snapshot';
import { EXECUTION_TAG } from './tags';
import { compareText } from './order';

const FAILED_STATUSES: readonly string[] = ['Failed', 'Cancelled'];

function startOf(e: ExecutionSnapshot): number {
  const t = Date.parse(e.startDate ?? '');
  return Number.isNaN(t) ? 0 : t;
}

/** Newest first; ties by id so the order is the same on every run. */
function newestFirst(a: ExecutionSnapshot, b: ExecutionSnapshot): number {
  return startOf(b) - startOf(a) || compareText(b.id, a.id);
}

export function invokeTypeOf(e: ExecutionSnapshot): string {
  const t = e.parameters['invokeType'];
  return typeof t === 'string' ? t : 'invoke';
}

export function kindOfExecution(e: ExecutionSnapshot): RolloutKind | undefined {
  const tagged = e.tags[EXECUTION_TAG.kind];
  if (tagged === 'image' || tagged === 'script' || tagged === 'package') return tagged;
  return kindOfTemplate(e.templateName);
}

/** The revision an execution rolled out: rollgate's tag, or for images the imageId parameter. */
export function revisionOfExecution(e: ExecutionSnapshot): string | undefined {
  const tagged = e.tags[EXECUTION_TAG.revision];
  if (tagged !== undefined) return tagged;
  const imageId = e.parameters['imageId'];
  return kindOfExecution(e) === 'image' && typeof imageId === 'string' && imageId !== '' ? imageId : undefined;
}

export function attemptOfExecution(e: ExecutionSnapshot): number {
  const n = Number.parseInt(e.tags[EXECUTION_TAG.attempt] ?? '', 10);
  return Number.isInteger(n) && n > 0 ? n : 1;
}

/** A group's executions, newest first. */
export function executionsOfGroup(snapshot: Pick<Snapshot, 'executions'>, groupId: string): ExecutionSnapshot[] {
  return snapshot.executions.filter((e) => e.tags[EXECUTION_TAG.scalingGroup] === groupId).sort(newestFirst);
}

/** Every group's executions, newest first, grouped in one pass: callers look a group up instead of scanning all executions for it. */
export function executionsByGroup(executions: readonly ExecutionSnapshot[]): Map<string, ExecutionSnapshot[]> {
  const byGroup = new Map<string, ExecutionSnapshot[]>();
  for (const e of executions) {
    const groupId = e.tags[EXECUTION_TAG.scalingGroup];
    if (groupId === undefined) continue;
    const list = byGroup.get(groupId);
    if (list === undefined) byGroup.set(groupId, [e]);
    else list.push(e);
  }
  for (const list of byGroup.values()) list.sort(newestFirst);
  return byGroup;
}

export class GroupHistory {
  constructor(
    /** This group's executions, newest first. */
    readonly executions: readonly ExecutionSnapshot[],
    /** Any execution by id (a rollback's source may be tagged with no group, or another). */
    private readonly byId: ReadonlyMap<string, ExecutionSnapshot>,
  ) {}

  active(): ExecutionSnapshot[] {
    return this.executions.filter(isActiveExecution);
  }

  /** Invoke executions of this kind and revision, newest first. */
  invokes(kind: RolloutKind, revision: string): ExecutionSnapshot[] {
    return this.executions.filter(
      (e) => invokeTypeOf(e) === 'invoke' && kindOfExecution(e) === kind && revisionOfExecution(e) === revision,
    );
  }

  failures(kind: RolloutKind, revision: string): ExecutionSnapshot[] {
    return this.invokes(kind, revision).filter((e) => FAILED_STATUSES.includes(e.status));
  }

  /** Next attempt number: one past the highest finished attempt of this revision. */
  nextAttempt(kind: RolloutKind, revision: string): number {
    const finished = this.invokes(kind, revision).filter((e) => !isActiveExecution(e));
    return finished.reduce((max, e) => Math.max(max, attemptOfExecution(e)), 0) + 1;
  }

  /** A rollback execution whose source rolled out this revision (the revision failed). */
  rollbackOf(kind: RolloutKind, revision: string): ExecutionSnapshot | undefined {
    return this.executions.find((e) => {
      if (invokeTypeOf(e) !== 'rollback' || kindOfExecution(e) !== kind) return false;
      if (e.tags[EXECUTION_TAG.revision] === revision) return true;
      const sourceId = e.parameters['sourceExecutionId'];
      const source = typeof sourceId === 'string' ? this.byId.get(sourceId) : undefined;
      return source !== undefined && revisionOfExecution(source) === revision;
    });
  }

  /**
   * The version of package `name` that the group's newest successful package execution left installed
   * (an install with a version, invoke or rollback), or undefined when none did (never installed, or removed).
   */
  installedPackageVersion(name: string): string | undefined {
    const newest = this.executions.find(
      (e) => e.status === 'Success' && kindOfExecution(e) === 'package' && e.parameters['packageName'] === name,
    );
    const version = newest?.parameters['packageVersion'];
    const action = newest?.parameters['action'] ?? 'install';
    return action === 'install' && typeof version === 'string' && version !== '' ? version : undefined;
  }

  /**
   * The newest successful execution of this kind is an invoke of `revision`
   * (a later rollback or another revision's success means it is no longer in place).
   */
  newestSuccessIs(kind: RolloutKind, revision: string): ExecutionSnapshot | undefined {
    const newest = this.executions.find((e) => e.status === 'Success' && kindOfExecution(e) === kind);
    return newest !== undefined && invokeTypeOf(newest) === 'invoke' && revisionOfExecution(newest) === revision
      ? newest
      : undefined;
  }
}

function executionsById(executions: readonly ExecutionSnapshot[]): Map<string, ExecutionSnapshot> {
  return new Map(executions.map((e) => [e.id, e]));
}

export function historyOf(snapshot: Pick<Snapshot, 'executions'>, groupId: string): GroupHistory {
  return new GroupHistory(executionsOfGroup(snapshot, groupId), executionsById(snapshot.executions));
}

/** Every group's history, built once per plan: grouping the executions once keeps planning linear in their number. */
export function historyIndex(snapshot: Pick<Snapshot, 'executions'>): (groupId: string) => GroupHistory {
  const byGroup = executionsByGroup(snapshot.executions);
  const byId = executionsById(snapshot.executions);
  const cache = new Map<string, GroupHistory>();
  return (groupId) => {
    let history = cache.get(groupId);
    if (history === undefined) {
      history = new GroupHistory(byGroup.get(groupId) ?? [], byId);
      cache.set(groupId, history);
    }
    return history;
  };
}
