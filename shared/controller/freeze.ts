// The emergency freeze as an operation (the CLI and the webhook call it),
// recorded once for the account and region: the OOS common parameter
// `rollgate-freeze` holds the reason, or `false` once lifted. Every reader
// (reconcile, gate, operations) reads it when it decides, so a group created
// or brought under management after the freeze is frozen too.
import { CloudError } from '../cloud/errors';
import type { CloudClients } from '../cloud/api';
import { withRecordedFreeze, type RecordedFreeze } from '../domain/batch-hold';
import type { Policy } from '../domain/policy';
import type { ControllerDeps } from './deps';

export const FREEZE_PARAMETER = 'rollgate-freeze';
const LIFTED = 'false';
/** Kept short enough to show in one status line and an event message. */
export const MAX_FREEZE_REASON_LENGTH = 500;

export type FreezeRequest = { freeze: true; reason: string } | { freeze: false };

export interface FreezeReport {
  frozen: boolean;
  reason?: string;
  /** When the freeze in force was recorded. */
  since?: string;
  result: 'updated' | 'unchanged';
}

export class FreezeInputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'FreezeInputError';
  }
}

const notFound = (err: unknown): boolean => CloudError.is(err) && err.code === 'EntityNotExists.Parameter';

/** The freeze the parameter records, or undefined (no parameter, or lifted). */
export async function readFreeze(clients: Pick<CloudClients, 'oos'>): Promise<RecordedFreeze | undefined> {
  const parameter = await readParameter(clients);
  if (parameter === undefined || parameter.value === LIFTED) return undefined;
  return { reason: parameter.value, ...(parameter.updatedDate === undefined ? {} : { since: parameter.updatedDate }) };
}

/**
 * The policy a decision uses: the policy file's own freeze, else the recorded one. One OOS read, or none when the
 * turn has read it already (`recordedFreeze`).
 */
export async function policyInForce(
  deps: Pick<ControllerDeps, 'clients' | 'policy' | 'recordedFreeze'>,
): Promise<Policy> {
  if (deps.policy.freeze !== undefined) return deps.policy;
  return withRecordedFreeze(deps.policy, await (deps.recordedFreeze ?? (() => readFreeze(deps.clients)))());
}

/** The recorded freeze read once, when first asked: what one turn's steps share (`ControllerDeps.recordedFreeze`). */
export function freezeReadOnce(clients: Pick<CloudClients, 'oos'>): () => Promise<RecordedFreeze | undefined> {
  let read: Promise<RecordedFreeze | undefined> | undefined;
  return () => (read ??= readFreeze(clients));
}

/** Records (or lifts) the freeze; a second identical call is `unchanged`. */
export async function setFreeze(
  deps: Pick<ControllerDeps, 'clients' | 'log'>,
  request: FreezeRequest,
): Promise<FreezeReport> {
  const reason = request.freeze ? request.reason.trim() : undefined;
  if (request.freeze && (reason === undefined || reason === '' || reason === LIFTED)) {
    throw new FreezeInputError(
      'reason: a freeze needs a reason operators can read (for example "incident 42: database failover")',
    );
  }
  if (reason !== undefined && reason.length > MAX_FREEZE_REASON_LENGTH) {
    throw new FreezeInputError(`reason: at most ${MAX_FREEZE_REASON_LENGTH} characters (${reason.length} given)`);
  }
  const value = reason ?? LIFTED;
  const current = await readParameter(deps.clients);
  const unchanged = current === undefined ? value === LIFTED : current.value === value;
  let since = current?.updatedDate;
  if (!unchanged) {
    const description = 'rollgate emergency freeze: the reason, or false when lifted';
    const written =
      current === undefined
        ? await deps.clients.oos.createParameter({ name: FREEZE_PARAMETER, value, description })
        : await deps.clients.oos.updateParameter({ name: FREEZE_PARAMETER, value, description });
    since = written.updatedDate;
  }
  deps.log.info(
    { frozen: request.freeze, reason, result: unchanged ? 'unchanged' : 'updated' },
    request.freeze ? `freeze: ${reason}` : 'freeze lifted',
  );
  return {
    frozen: request.freeze,
    ...(reason === undefined ? {} : { reason }),
    ...(reason === undefined || since === undefined ? {} : { since }),
    result: unchanged ? 'unchanged' : 'updated',
  };
}

async function readParameter(clients: Pick<CloudClients, 'oos'>) {
  try {
    return await clients.oos.getParameter({ name: FREEZE_PARAMETER });
  } catch (err) {
    if (notFound(err)) return undefined;
    throw err;
  }
}
