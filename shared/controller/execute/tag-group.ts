import type { CloudClients } from '../../cloud/api';
import type { TagGroupAction } from '../../domain/actions';
import type { GroupSnapshot } from '../../domain/snapshot';
import type { WriteResult } from './results';

/** Sets only the tags whose value differs; `unchanged` when the group already carries them all. */
export async function tagGroup(
  clients: CloudClients,
  group: GroupSnapshot | undefined,
  action: TagGroupAction,
): Promise<{ result: WriteResult; tags: Record<string, string> }> {
  const current = group?.tags ?? {};
  const changed = Object.fromEntries(Object.entries(action.tags).filter(([key, value]) => current[key] !== value));
  if (Object.keys(changed).length === 0) return { result: 'unchanged', tags: {} };
  await clients.ess.tagResources({ resourceIds: [action.groupId], tags: changed });
  return { result: 'updated', tags: changed };
}
