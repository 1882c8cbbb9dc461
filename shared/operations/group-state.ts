// The fresh read a group action starts from: the group (its tags hold the
// desired state and the gate's memory) and its OOS executions, newest first.
import type { Execution } from '../cloud/api';
import type { GroupSnapshot } from '../domain/snapshot';
import { EXECUTION_TAG } from '../domain/tags';
import type { ControllerDeps } from '../controller/deps';
import { makeEvent, type EventType, type EventDetail } from '../domain/events';
import { publishEvent } from '../controller/execute/publish-event';
import { findGroup } from './groups';
import { readView, type FleetView } from './view';

export interface GroupState {
  view: FleetView;
  group: GroupSnapshot;
  /** The group's executions (cloud shape, with parameters), newest first. */
  executions: Execution[];
}

const ACTIVE = ['Started', 'Queued', 'Running', 'Waiting', 'Pending'];
export const isActive = (e: Pick<Execution, 'status'>): boolean => ACTIVE.includes(e.status);

const startOf = (e: Execution): number => {
  const t = Date.parse(e.startDate ?? e.createDate ?? '');
  return Number.isNaN(t) ? 0 : t;
};

export async function readGroupState(deps: ControllerDeps, groupRef: string): Promise<GroupState> {
  const view = await readView(deps);
  const group = findGroup(view.snapshot, groupRef);
  const executions = await deps.clients.oos.listAllExecutions({ tags: { [EXECUTION_TAG.scalingGroup]: group.id } });
  executions.sort((a, b) => startOf(b) - startOf(a) || b.executionId.localeCompare(a.executionId));
  return { view, group, executions };
}

/** Publishes an event about an operator's action on a group (the notifier tells the channels). */
export async function announce(
  deps: ControllerDeps,
  at: Date,
  type: EventType,
  ids: { groupId: string; executionId?: string; campaignId?: string; revision?: string },
  message: string,
  detail: EventDetail = {},
): Promise<void> {
  const event = makeEvent({ type, at: at.toISOString(), ...ids, message, detail: { ...detail, by: 'operator' } });
  await publishEvent(deps.clients, deps.eventsTopic, event);
}
