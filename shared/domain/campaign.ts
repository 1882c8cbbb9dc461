// Where a campaign stands, read from one plan's decisions: the gate and the
// reconcile use it to tell when a campaign has completed or stopped.
import type { GroupDecision, WaitReason } from './actions';
import { compareText } from './order';

export type CampaignState = 'in-progress' | 'completed' | 'stopped';

export interface CampaignProgress {
  campaignId: string;
  targetName: string;
  revision: string;
  state: CampaignState;
  groups: { total: number; satisfied: number; starting: number; running: number; rejected: number; waiting: number };
  /** Groups that will not reach the revision without a person (rejected, attempts exhausted). */
  rejectedGroupIds: string[];
}

const REJECTED: readonly WaitReason[] = ['rejected-revision', 'attempts-exhausted'];

/**
 * completed: every group of the campaign runs the revision; stopped: some
 * group rejected it and no group is still starting or running it; otherwise
 * in progress. Groups whose revision is not yet known are not counted.
 */
export function campaignProgress(decisions: readonly GroupDecision[]): CampaignProgress[] {
  const byCampaign = new Map<string, GroupDecision[]>();
  for (const d of decisions) {
    if (d.campaignId === undefined) continue;
    byCampaign.set(d.campaignId, [...(byCampaign.get(d.campaignId) ?? []), d]);
  }
  return [...byCampaign.entries()]
    .sort(([a], [b]) => compareText(a, b))
    .map(([campaignId, list]) => {
      const rejected = list.filter((d) => REJECTED.some((r) => r === d.reason));
      const groups = {
        total: list.length,
        satisfied: list.filter((d) => d.verdict === 'satisfied').length,
        starting: list.filter((d) => d.verdict === 'start').length,
        running: list.filter((d) => d.reason === 'rollout-running').length,
        rejected: rejected.length,
        waiting: list.filter((d) => d.verdict === 'wait').length - rejected.length,
      };
      const state: CampaignState =
        groups.satisfied === groups.total
          ? 'completed'
          : groups.rejected > 0 && groups.starting === 0 && groups.running === 0
            ? 'stopped'
            : 'in-progress';
      const first = list[0]!;
      return {
        campaignId,
        targetName: first.targetName ?? '',
        revision: first.revision ?? '',
        state,
        groups,
        rejectedGroupIds: rejected.map((d) => d.groupId),
      };
    });
}
