// Executes a plan's actions in the order that keeps half-done work
// repairable: rollouts start first; a group is tagged with its desired state
// only after its rollout started (a crash in between leaves an untagged
// running rollout, which the next reconcile sees and tags); events go last,
// and an event about a whole campaign only when one of its rollouts started.
import type { CloudClients } from '../../cloud/api';
import type { Action, EmitAction, StartRolloutAction, TagGroupAction } from '../../domain/actions';
import { historyOf } from '../../domain/history';
import type { Snapshot } from '../../domain/snapshot';
import type { Logger } from '../../log';
import { withCorrelation } from '../../log';
import { asError } from '../failure';
import { publishEvent } from './publish-event';
import type { ActionOutcome } from './results';
import { RolloutRaceLost } from './race';
import { startRollout } from './start-rollout';
import { tagGroup } from './tag-group';
import { makeEvent, type RollgateEvent } from '../../domain/events';

export interface ExecuteContext {
  clients: CloudClients;
  snapshot: Snapshot;
  eventsTopic: string;
  log: Logger;
  /** The reconcile's time, stamped on the events it publishes. */
  now: Date;
}

function rolloutStarted(action: StartRolloutAction, executionId: string, now: Date): RollgateEvent {
  return makeEvent({
    type: 'rollout.started',
    at: now.toISOString(),
    groupId: action.groupId,
    executionId,
    campaignId: action.campaignId,
    revision: action.revision,
    message: `${action.kind} ${action.revision} rolling out to ${action.groupId} (attempt ${action.attempt}, ${action.templateName})`,
    detail: { kind: action.kind, attempt: action.attempt, batchNumber: Number(action.parameters['batchNumber'] ?? 0) },
  });
}

export async function executePlan(ctx: ExecuteContext, actions: readonly Action[]): Promise<ActionOutcome[]> {
  const outcomes: ActionOutcome[] = [];
  const failedGroups = new Set<string>();
  const startedCampaigns = new Set<string>();
  const startedEvents: RollgateEvent[] = [];
  const starts = actions.filter((a): a is StartRolloutAction => a.type === 'startRollout');
  const tags = actions.filter((a): a is TagGroupAction => a.type === 'tagGroup');
  const emits = actions.filter((a): a is EmitAction => a.type === 'emit');

  for (const action of starts) {
    const log = withCorrelation(ctx.log, { groupId: action.groupId, campaignId: action.campaignId });
    try {
      const suspendedBefore = ctx.snapshot.groups.find((g) => g.id === action.groupId)?.suspendedProcesses;
      const packageName = action.parameters['packageName'];
      const previousPackage =
        typeof packageName === 'string'
          ? historyOf(ctx.snapshot, action.groupId).installedPackageVersion(packageName)
          : undefined;
      const { result, executionId } = await startRollout(ctx.clients, ctx.snapshot.executions, action, {
        suspendedBefore,
        previousPackage,
      });
      withCorrelation(log, { executionId }).info(
        { action: 'startRollout', result, revision: action.revision, attempt: action.attempt },
        `rollout ${result}`,
      );
      startedCampaigns.add(action.campaignId);
      if (result === 'started') startedEvents.push(rolloutStarted(action, executionId, ctx.now));
      outcomes.push({
        type: 'startRollout',
        groupId: action.groupId,
        result,
        executionId,
        campaignId: action.campaignId,
        revision: action.revision,
      });
    } catch (err) {
      failedGroups.add(action.groupId);
      if (err instanceof RolloutRaceLost) {
        // Settled, not failed: the group runs the winner's rollout, which the next reconcile sees.
        log.info({ action: 'startRollout', winner: err.winnerExecutionId, revision: action.revision }, err.message);
        outcomes.push({ type: 'skipped', groupId: action.groupId, action: 'startRollout', reason: err.message });
        continue;
      }
      log.error({ action: 'startRollout', err }, 'rollout could not be started');
      outcomes.push({ type: 'failed', groupId: action.groupId, action: 'startRollout', error: asError(err) });
    }
  }

  for (const action of tags) {
    if (failedGroups.has(action.groupId)) {
      outcomes.push({
        type: 'skipped',
        groupId: action.groupId,
        action: 'tagGroup',
        reason: 'its rollout did not start',
      });
      continue;
    }
    const log = withCorrelation(ctx.log, { groupId: action.groupId });
    try {
      const group = ctx.snapshot.groups.find((g) => g.id === action.groupId);
      const { result, tags: changed } = await tagGroup(ctx.clients, group, action);
      log.info({ action: 'tagGroup', result, tags: changed, reason: action.reason }, `group tags ${result}`);
      outcomes.push({ type: 'tagGroup', groupId: action.groupId, result, tags: changed });
    } catch (err) {
      log.error({ action: 'tagGroup', err }, 'group could not be tagged');
      outcomes.push({ type: 'failed', groupId: action.groupId, action: 'tagGroup', error: asError(err) });
    }
  }

  for (const event of [...emits.map((e) => e.event), ...startedEvents]) {
    if (event.groupId !== undefined && failedGroups.has(event.groupId)) {
      outcomes.push({ type: 'skipped', groupId: event.groupId, action: 'emit', reason: 'its rollout did not start' });
      continue;
    }
    // A campaign event (no group) announces rollouts: none started here (each failed, or none was in scope), none to announce.
    if (event.groupId === undefined && event.campaignId !== undefined && !startedCampaigns.has(event.campaignId)) {
      outcomes.push({ type: 'skipped', action: 'emit', reason: 'no rollout of its campaign started' });
      continue;
    }
    const log = withCorrelation(ctx.log, {
      groupId: event.groupId,
      executionId: event.executionId,
      campaignId: event.campaignId,
    });
    try {
      await publishEvent(ctx.clients, ctx.eventsTopic, event);
      log.info({ action: 'emit', eventType: event.type, eventId: event.id }, event.message);
      outcomes.push({
        type: 'emit',
        ...(event.groupId === undefined ? {} : { groupId: event.groupId }),
        result: 'published',
        eventType: event.type,
        eventId: event.id,
      });
    } catch (err) {
      log.error({ action: 'emit', eventType: event.type, err }, 'event could not be published');
      outcomes.push({
        type: 'failed',
        ...(event.groupId === undefined ? {} : { groupId: event.groupId }),
        action: 'emit',
        error: asError(err),
      });
    }
  }
  return outcomes;
}
