// The minimal batch continuation that keeps rollouts moving while no gate is
// wired: an execution rollgate started, paused after a batch, is continued
// (NotifyExecution Approve) when ESS reports every InService instance of its
// group Healthy. It never rolls back and never decides a failure pause — that
// is the gate's job (shared/controller/gate/), which replaces this hook.
import type { Execution } from '../cloud/api';
import { EXECUTION_TAG } from '../domain/tags';
import type { ControllerDeps, RunGateOnce } from './deps';
import { isTransient } from './failure';
import { ROLLING_UPDATE_TEMPLATE_FILTER } from './snapshot/read-fleet';

function pausedAfterBatch(e: Execution): boolean {
  return e.status === 'Waiting' && e.waitingStatus === 'BatchPause' && e.tags[EXECUTION_TAG.kind] !== undefined && e.tags[EXECUTION_TAG.scalingGroup] !== undefined;
}

async function groupHealthy(deps: ControllerDeps, groupId: string): Promise<boolean> {
  const instances = await deps.clients.ess.listAllScalingInstances({ scalingGroupId: groupId });
  const inService = instances.filter((i) => i.lifecycleState === 'InService');
  return inService.length > 0 && inService.every((i) => i.healthStatus === 'Healthy');
}

export const continueHealthyBatches: RunGateOnce = async (deps) => {
  const waiting = await deps.clients.oos.listAllExecutions({ templateName: ROLLING_UPDATE_TEMPLATE_FILTER, status: 'Waiting' });
  const continued: string[] = [];
  const held: string[] = [];
  for (const execution of waiting.filter(pausedAfterBatch)) {
    const groupId = execution.tags[EXECUTION_TAG.scalingGroup] ?? '';
    const log = deps.log.child({ groupId, executionId: execution.executionId, campaignId: execution.tags[EXECUTION_TAG.campaign] });
    try {
      if (!(await groupHealthy(deps, groupId))) {
        held.push(execution.executionId);
        log.info({ statusMessage: execution.statusMessage }, 'batch paused; group not healthy yet');
        continue;
      }
      await deps.clients.oos.notifyExecution({ executionId: execution.executionId, notifyType: 'Approve', notifyNote: 'rollgate: group healthy after batch' });
      continued.push(execution.executionId);
      log.info({ statusMessage: execution.statusMessage }, 'batch continued');
    } catch (err) {
      // The execution may have moved on since the listing (another run approved it): the next turn sees.
      if (isTransient(err)) throw err;
      log.warn({ err }, 'batch could not be continued');
    }
  }
  return { mode: 'continue-healthy-batches', continued, held };
};
