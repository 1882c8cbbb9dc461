// What each executed action did. Writes say whether they changed anything,
// so a second reconcile of an unchanged world reports only `unchanged`.
export type WriteResult = 'started' | 'updated' | 'unchanged';

export type ActionOutcome =
  | {
      type: 'startRollout';
      groupId: string;
      result: WriteResult;
      executionId: string;
      campaignId: string;
      revision: string;
    }
  | { type: 'tagGroup'; groupId: string; result: WriteResult; tags: Record<string, string> }
  | { type: 'emit'; groupId?: string; result: 'published'; eventType: string; eventId: string }
  | { type: 'skipped'; groupId?: string; action: string; reason: string }
  | { type: 'failed'; groupId?: string; action: string; error: Error };
