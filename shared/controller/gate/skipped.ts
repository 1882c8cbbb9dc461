// Instances skipped (allowed failures) in the current execution of a group,
// in the group tag `rollgate:gate-skipped` as `<executionId>|<id>,<id>`. The
// health check leaves them out of the batch it checks (they are known to
// have failed, and the policy allows it); they still count in the group's
// healthy share. A tag value holds 128 characters: about four ids.
import type { CloudClients } from '../../cloud/api';

export const SKIPPED_TAG = 'rollgate:gate-skipped';
const MAX_VALUE = 128;

export function skippedIds(value: string | undefined, executionId: string): string[] {
  if (value === undefined) return [];
  const [owner, ids] = value.split('|');
  if (owner !== executionId || ids === undefined || ids === '') return [];
  return ids.split(',').filter((id) => id !== '');
}

export function skippedValue(executionId: string, ids: readonly string[]): string {
  let value = `${executionId}|`;
  for (const id of [...new Set(ids)]) {
    const next = value.endsWith('|') ? `${value}${id}` : `${value},${id}`;
    if (next.length > MAX_VALUE) break;
    value = next;
  }
  return value;
}

export async function recordSkipped(clients: CloudClients, groupId: string, current: string | undefined, executionId: string, ids: readonly string[]): Promise<void> {
  const value = skippedValue(executionId, [...skippedIds(current, executionId), ...ids]);
  if (value !== current) await clients.ess.tagResources({ resourceIds: [groupId], tags: { [SKIPPED_TAG]: value } });
}
