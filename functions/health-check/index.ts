// Invoked by the gate (FC sync invoke) at every batch pause: run the
// policy's checks over the batch and the InService group and answer
// {verdict: pass|fail|wait, reasons, measured, checkedAt}. Any function that
// keeps this contract (docs/policy.md "Health checks") can replace it.
import { healthCheckDeps } from '../../shared/health/compose';
import { HealthCheckInputSchema, runHealthCheck, type HealthReport } from '../../shared/health';
import { withCorrelation } from '../../shared/log';
import { parseEventBytes } from '../../shared/schemas/fc-events';

export const handler = async (event: unknown, context: unknown): Promise<HealthReport> => {
  const input = parseEventBytes('health-check', HealthCheckInputSchema, event);
  const { deps, log } = await healthCheckDeps(context);
  const report = await runHealthCheck(input, deps);
  withCorrelation(log, { groupId: input.groupId, executionId: input.executionId, campaignId: input.campaignId }).info(
    { batch: input.batch, verdict: report.verdict, group: report.measured.group, reasons: report.reasons.slice(0, 10) },
    `health check ${report.verdict}`,
  );
  return report;
};
