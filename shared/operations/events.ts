// events: recent rollgate events, read back from where they leave a trace in
// the cloud — the OOS executions rollgate started (started, succeeded,
// failed, cancelled, rolled back) and the gate's state on each group (held).
// The events topic is push-only; docs/decisions.md says why this history is
// read from OOS instead of a queue.
import { EXECUTION_TAG } from '../domain/tags';
import { makeEvent, type EventType, type RollgateEvent } from '../domain/events';
import { invokeTypeOf, kindOfExecution, revisionOfExecution } from '../domain/history';
import type { ExecutionSnapshot, GroupSnapshot } from '../domain/snapshot';
import type { ControllerDeps } from '../controller/deps';
import { ROLLBACK_OF_TAG } from '../controller/gate/context';
import { decodeGateState, GATE_STATE_TAG } from '../controller/gate/state';
import { findGroup } from './groups';
import { EventsQuerySchema, parseRequest } from './requests';
import { readView } from './view';

export interface EventsReport {
  at: string;
  events: RollgateEvent[];
}

export const DEFAULT_EVENTS_LIMIT = 50;

const ENDED: Readonly<Record<string, EventType>> = {
  Success: 'rollout.succeeded',
  Failed: 'rollout.failed',
  Cancelled: 'rollout.cancelled',
};

function executionEvents(e: ExecutionSnapshot, groupName: string): RollgateEvent[] {
  const groupId = e.tags[EXECUTION_TAG.scalingGroup];
  const kind = kindOfExecution(e) ?? 'image';
  const revision = revisionOfExecution(e);
  const campaignId = e.tags[EXECUTION_TAG.campaign];
  const rollback = invokeTypeOf(e) === 'rollback' || e.tags[ROLLBACK_OF_TAG] !== undefined;
  const ids = {
    executionId: e.id,
    ...(groupId === undefined ? {} : { groupId }),
    ...(campaignId === undefined ? {} : { campaignId }),
    ...(revision === undefined ? {} : { revision }),
  };
  const what = `${kind} ${revision ?? '?'} on ${groupName}`;
  const out: RollgateEvent[] = [];
  if (e.startDate !== undefined) {
    out.push(
      makeEvent({
        type: 'rollout.started',
        at: e.startDate,
        ...ids,
        message: rollback ? `rollback of ${what} started` : `${what} started`,
        detail: { kind, rollback },
      }),
    );
  }
  const ended = ENDED[e.status];
  if (ended !== undefined && e.endDate !== undefined) {
    const type = rollback && e.status === 'Success' ? 'rollout.rolled_back' : ended;
    out.push(
      makeEvent({
        type,
        at: e.endDate,
        ...ids,
        message: `${rollback ? 'rollback of ' : ''}${what}: ${e.status}${e.statusMessage ? ` (${e.statusMessage})` : ''}`,
        detail: { kind, rollback },
      }),
    );
  }
  return out;
}

function heldEvent(group: GroupSnapshot): RollgateEvent[] {
  const state = decodeGateState(group.tags[GATE_STATE_TAG]);
  if (state?.phase !== 'held') return [];
  const at = new Date((state.heldSince ?? state.seen) * 1000).toISOString();
  return [
    makeEvent({
      type: 'rollout.held',
      at,
      groupId: group.id,
      executionId: state.executionId,
      message: `${group.name} held at pause ${state.pause} for an operator`,
      detail: { pause: state.pause },
    }),
  ];
}

const isRollgates = (e: ExecutionSnapshot): boolean =>
  e.tags[EXECUTION_TAG.revision] !== undefined && e.tags[EXECUTION_TAG.scalingGroup] !== undefined;

export async function events(deps: ControllerDeps, query: unknown = {}): Promise<EventsReport> {
  const q = parseRequest(EventsQuerySchema, query ?? {});
  const view = await readView(deps);
  const only = q.group === undefined ? undefined : findGroup(view.snapshot, q.group, 'group').id;
  const names = new Map(view.snapshot.groups.map((g) => [g.id, g.name]));
  const all = [
    ...view.snapshot.executions
      .filter(isRollgates)
      .flatMap((e) => executionEvents(e, names.get(e.tags[EXECUTION_TAG.scalingGroup] ?? '') ?? '?')),
    ...view.snapshot.groups.flatMap(heldEvent),
  ];
  const selected = all
    .filter((e) => (only === undefined || e.groupId === only) && (q.type === undefined || e.type === q.type))
    .sort((a, b) => Date.parse(b.at) - Date.parse(a.at) || b.id.localeCompare(a.id))
    .slice(0, q.limit ?? DEFAULT_EVENTS_LIMIT);
  return { at: view.at.toISOString(), events: selected };
}
