// Builders for the group tags that carry desired state, so every writer
// (webhook, chat-ops, the gate) spells them the same way.
import type { TagGroupAction } from './actions';
import type { RolloutKind } from './policy/target';
import { GROUP_TAG } from './tags';

export function desiredTagKey(kind: RolloutKind): string {
  switch (kind) {
    case 'image':
      return GROUP_TAG.desiredImage;
    case 'script':
      return GROUP_TAG.desiredScript;
    case 'package':
      return GROUP_TAG.desiredPackage;
  }
}

/** Pin a group to a revision (image id, script revision name, package `name@version` or version). */
export function desiredTagAction(groupId: string, kind: RolloutKind, revision: string, reason: string): TagGroupAction {
  return { type: 'tagGroup', groupId, tags: { [desiredTagKey(kind)]: revision }, reason };
}

/** Pause or resume new rollouts on a group (`false` resumes: tags are overwritten, never deleted). */
export function pausedTagAction(groupId: string, paused: boolean, reason: string): TagGroupAction {
  return { type: 'tagGroup', groupId, tags: { [GROUP_TAG.paused]: paused ? 'true' : 'false' }, reason };
}

export function rejectedTagKey(kind: RolloutKind): string {
  switch (kind) {
    case 'image':
      return GROUP_TAG.rejectedImage;
    case 'script':
      return GROUP_TAG.rejectedScript;
    case 'package':
      return GROUP_TAG.rejectedPackage;
  }
}

/** Whether the group's tags reject this revision of this kind (its own kind's tag, or the legacy shared one). */
export function isRejectedByTag(tags: Readonly<Record<string, string>>, kind: RolloutKind, revision: string): boolean {
  return tags[rejectedTagKey(kind)] === revision || tags[GROUP_TAG.legacyRejected] === revision;
}

/** Record that a revision of one kind must not be retried on a group. */
export function rejectedTagAction(
  groupId: string,
  kind: RolloutKind,
  revision: string,
  reason: string,
): TagGroupAction {
  return { type: 'tagGroup', groupId, tags: { [rejectedTagKey(kind)]: revision }, reason };
}

/** Whether writing `action` would change the group's tags (a second write is `unchanged`). */
export function tagsWouldChange(
  current: Readonly<Record<string, string>>,
  action: Pick<TagGroupAction, 'tags'>,
): boolean {
  return Object.entries(action.tags).some(([key, value]) => current[key] !== value);
}

/** The `rollgate:behind` value: `count` instances off the revision `executionId` put in place (image or package). */
export function encodeBehind(executionId: string, count: number): string {
  return `${executionId}/${count}`;
}

/** The instances found off the image when `executionId` ended, from the group's tags (0 when the tag names another execution). */
export function behindAfter(tags: Readonly<Record<string, string>>, executionId: string): number {
  const [id, count] = (tags[GROUP_TAG.behind] ?? '').split('/');
  const n = Number(count);
  return id === executionId && Number.isInteger(n) && n > 0 ? n : 0;
}
