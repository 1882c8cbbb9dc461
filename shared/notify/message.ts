// One rollgate event as a short human message: a title with the event type
// and group, the event's own text, and the facts an operator acts on.
import type { RollgateEvent } from '../domain/events';

export interface Message {
  title: string;
  /** Plain lines, first the event's message. */
  lines: string[];
  /** Severity by event type: what failed or waits for a person is a warning. */
  severity: 'info' | 'warning';
}

const WARNING_TYPES: ReadonlySet<string> = new Set([
  'batch.failed',
  'gate.misconfigured',
  'rollout.failed',
  'rollout.rolled_back',
  'rollout.held',
  'rollout.cancelled',
  'rollout.hold_reminder',
  'rollout.frozen',
  'gate.starved',
  'campaign.stopped',
  'scaling.error_during_rollout',
  'revision.rejected',
  'drift.failed',
]);

/** Detail keys shown as facts, in this order, when present. */
const FACT_KEYS = [
  'batch',
  'totalBatches',
  'network',
  'action',
  'rollbackExecutionId',
  'rollbackOf',
  'resumedProcesses',
  'exitedStandby',
  'heldSince',
  'window',
  'nextOpensAt',
  'starvedSince',
  'invokeId',
  'failedInstances',
] as const;

function show(value: unknown): string {
  if (Array.isArray(value)) return value.join(', ');
  return String(value);
}

export function renderMessage(event: RollgateEvent): Message {
  const where = event.groupId === undefined ? '' : ` ${event.groupId}`;
  const lines = [event.message];
  const facts: string[] = [];
  for (const key of FACT_KEYS) {
    const value = event.detail[key];
    if (value !== undefined && value !== null && !(Array.isArray(value) && value.length === 0))
      facts.push(`${key}: ${show(value)}`);
  }
  if (facts.length > 0) lines.push(facts.join(' · '));
  const reasons = event.detail['reasons'];
  if (Array.isArray(reasons)) for (const reason of reasons.slice(0, 5)) lines.push(`- ${reason}`);
  const measured = Object.entries(event.detail).filter(([k]) => k.startsWith('measured.'));
  if (measured.length > 0)
    lines.push(
      `measured: ${measured
        .slice(0, 6)
        .map(([k, v]) => `${k.slice('measured.'.length)}=${show(v)}`)
        .join(', ')}`,
    );
  const ids = [
    event.executionId && `execution ${event.executionId}`,
    event.campaignId && `campaign ${event.campaignId}`,
    event.revision && `revision ${event.revision}`,
  ].filter(Boolean);
  if (ids.length > 0) lines.push(ids.join(' · '));
  lines.push(`${event.at} · event ${event.id}`);
  return {
    title: `rollgate ${event.type}${where}`,
    lines,
    severity: WARNING_TYPES.has(event.type) ? 'warning' : 'info',
  };
}
