import type { Action } from '../actions';
import { makeEvent } from '../events';
import { isRejectedByTag, rejectedTagAction, rejectedTagKey } from '../group-tags';
import { campaignIdFor } from '../rollout-request';
import { GROUP_TAG, IMAGE_TAG_REJECTED } from '../tags';
import { COMPLIANT, type RevisionContext, type RuleVerdict, wait } from './verdict';

/** The actions that record a rejection: the group tag, and the event saying so. */
export function rejectActions(ctx: RevisionContext, why: string): Action[] {
  const { group, desired, now } = ctx;
  return [
    rejectedTagAction(group.id, desired.kind, desired.revision, why),
    {
      type: 'emit',
      event: makeEvent({
        type: 'revision.rejected',
        at: now.toISOString(),
        groupId: group.id,
        campaignId: campaignIdFor(ctx.target.name, desired.kind, desired.revision),
        revision: desired.revision,
        message: `${desired.kind} ${desired.revision} rejected on ${group.name}: ${why}`,
        detail: { kind: desired.kind, target: ctx.target.name },
      }),
    },
  ];
}

/**
 * A rejected revision is never retried: rejected by the group tag, by the
 * image's own tag, or by a rollback of it that is not yet recorded in the tag
 * (half-finished: the tag is written here).
 */
export function revisionNotRejected(ctx: RevisionContext): RuleVerdict {
  const { group, desired } = ctx;
  if (isRejectedByTag(group.tags, desired.kind, desired.revision)) {
    const key =
      group.tags[rejectedTagKey(desired.kind)] === desired.revision
        ? rejectedTagKey(desired.kind)
        : GROUP_TAG.legacyRejected;
    return wait('rejected-revision', `${desired.revision} is rejected on this group (tag ${key})`);
  }
  if (desired.kind === 'image' && desired.image?.tags[IMAGE_TAG_REJECTED] === 'true') {
    return wait('rejected-revision', `image ${desired.revision} is tagged ${IMAGE_TAG_REJECTED}=true`);
  }
  const rollback = ctx.history.rollbackOf(desired.kind, desired.revision);
  if (rollback !== undefined) {
    const why = `rolled back by ${rollback.id}`;
    return wait('rejected-revision', `${desired.revision} was ${why}`, { actions: rejectActions(ctx, why) });
  }
  return COMPLIANT;
}
