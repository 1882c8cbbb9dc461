// The emergency freeze as an operation (a CLI or webhook calls it): every
// group the policy manages gets `rollgate:frozen=<reason>`, which stops new
// rollouts and holds running ones at their next batch pause; unfreezing
// writes `false` (tags are overwritten, never deleted, like rollgate:paused).
import { MAX_PAGE_SIZE } from '../cloud/paging';
import { groupMatches } from '../domain/select';
import { GROUP_TAG } from '../domain/tags';
import type { ControllerDeps } from './deps';
import { listPagesConcurrently } from './snapshot/parallel-pages';

/** ESS tag values are at most 128 characters. */
const MAX_REASON_LENGTH = 128;

export type FreezeRequest = { freeze: true; reason: string } | { freeze: false };

export interface FreezeReport {
  frozen: boolean;
  reason?: string;
  groups: Array<{ groupId: string; name: string; result: 'updated' | 'unchanged' }>;
}

export class FreezeInputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'FreezeInputError';
  }
}

export async function setFreeze(
  deps: Pick<ControllerDeps, 'clients' | 'policy' | 'log'>,
  request: FreezeRequest,
): Promise<FreezeReport> {
  const reason = request.freeze ? request.reason.trim() : undefined;
  if (request.freeze && (reason === undefined || reason === '' || reason === 'false')) {
    throw new FreezeInputError(
      'reason: a freeze needs a reason operators can read (for example "incident 42: database failover")',
    );
  }
  const value = reason === undefined ? 'false' : reason.slice(0, MAX_REASON_LENGTH);
  const listed = await listPagesConcurrently(
    MAX_PAGE_SIZE.essDescribeScalingGroups,
    4,
    async (pageNumber, pageSize) => {
      const page = await deps.clients.ess.describeScalingGroups({ pageNumber, pageSize });
      return { ...page, items: page.scalingGroups };
    },
  );
  const managed = [...new Map(listed.map((g) => [g.scalingGroupId, g])).values()]
    .filter((g) =>
      deps.policy.targets.some((t) =>
        groupMatches(t.select, { id: g.scalingGroupId, name: g.scalingGroupName, tags: g.tags }),
      ),
    )
    .sort((a, b) => (a.scalingGroupId < b.scalingGroupId ? -1 : 1));
  const groups: FreezeReport['groups'] = [];
  for (const group of managed) {
    const current = group.tags[GROUP_TAG.frozen];
    const unchanged = current === value || (value === 'false' && current === undefined);
    if (!unchanged)
      await deps.clients.ess.tagResources({ resourceIds: [group.scalingGroupId], tags: { [GROUP_TAG.frozen]: value } });
    groups.push({
      groupId: group.scalingGroupId,
      name: group.scalingGroupName,
      result: unchanged ? 'unchanged' : 'updated',
    });
  }
  deps.log.info(
    { frozen: request.freeze, reason, groups: groups.length },
    request.freeze ? `froze ${groups.length} group(s): ${reason}` : `unfroze ${groups.length} group(s)`,
  );
  return { frozen: request.freeze, ...(reason === undefined ? {} : { reason: value }), groups };
}
