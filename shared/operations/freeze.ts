// freeze / unfreeze: the account-wide emergency switch. A freeze stops every
// new rollout and holds running ones at their next batch pause; it is
// recorded once (controller/freeze.ts), so groups managed later are frozen
// too. A second identical call answers `unchanged`.
import type { ControllerDeps } from '../controller/deps';
import { setFreeze, type FreezeReport } from '../controller/freeze';
import { FreezeRequestSchema, parseRequest } from './requests';

export type { FreezeReport };

export async function freeze(deps: ControllerDeps, body: unknown): Promise<FreezeReport> {
  const request = parseRequest(FreezeRequestSchema, body);
  return setFreeze(deps, { freeze: true, reason: request.reason });
}

/** Lifts the recorded freeze; a freeze in the policy file stays (it is lifted by deploying the policy without it). */
export async function unfreeze(
  deps: ControllerDeps,
  body: unknown = {},
): Promise<FreezeReport & { policyFreeze?: string }> {
  const request = parseRequest(UnfreezeRequestSchema, body);
  if (request.reason !== undefined) deps.log.info({ reason: request.reason }, 'unfreeze requested');
  const report = await setFreeze(deps, { freeze: false });
  return deps.policy.freeze === undefined ? report : { ...report, policyFreeze: deps.policy.freeze.reason };
}

/** An unfreeze may say why (kept in the log). */
const UnfreezeRequestSchema = FreezeRequestSchema.partial();
