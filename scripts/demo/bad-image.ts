// Phase 4: a second image of the family boots unhealthy (an admin fault on
// the local cloud). rollgate starts it on the canary wave like any image; the
// gate fails the canary's first batch with the measured reasons, rolls the
// execution back, points the scaling configuration at the previous image and
// rejects the bad one — the prod wave never starts it.
import type { Execution } from '../../shared/cloud/index';
import type { RollgateEvent } from '../../shared/domain/events';
import type { Policy } from '../../shared/domain/policy';
import { groupMatches } from '../../shared/domain/select';
import { EXECUTION_TAG, GROUP_TAG, IMAGE_TAG_REJECTED } from '../../shared/domain/tags';
import { ROLLBACK_OF_TAG } from '../../shared/controller/gate/index';
import type { DemoEnvironment } from './environment';
import { observeFleet } from './observe';
import type { ProgressView } from './progress';
import { publishNewImage } from './publish-image';

export interface RejectionReport {
  imageId: string;
  canaryGroups: string[];
  failedBatch: string | null;
  reasons: string[];
  rollbackExecutionIds: string[];
  rolledBack: boolean;
  /** Every canary group: scaling configuration and every instance on the previous image, all InService, nothing suspended. */
  restored: boolean;
  groupsRejected: string[];
  imageTaggedRejected: boolean;
  /** Groups that ever started an execution of the bad image, other than the canaries. */
  otherGroupsTouched: string[];
  events: Array<Pick<RollgateEvent, 'type' | 'at' | 'groupId' | 'message'>>;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function canaryState(env: DemoEnvironment, groupIds: readonly string[], goodImageId: string): Promise<boolean> {
  const groups = await env.clients.ess.describeScalingGroups({ scalingGroupIds: [...groupIds] });
  const configurations = await env.clients.ess.listAllScalingConfigurations({});
  for (const g of groups.scalingGroups) {
    const config = configurations.find((c) => c.scalingConfigurationId === g.activeScalingConfigurationId);
    if (config?.imageId !== goodImageId || g.suspendedProcesses.length > 0) return false;
    const members = await env.clients.ess.listAllScalingInstances({ scalingGroupId: g.scalingGroupId });
    if (members.some((m) => m.lifecycleState !== 'InService')) return false;
    const ecs = await env.clients.ecs.listAllInstances({ instanceIds: members.map((m) => m.instanceId) });
    if (ecs.some((i) => i.imageId !== goodImageId)) return false;
  }
  return true;
}

export async function runBadImagePhase(
  env: DemoEnvironment,
  opts: {
    policy: Policy;
    goodImageId: string;
    name: string;
    timeoutSeconds: number;
    say: (line: string) => void;
    progress: ProgressView;
    events: () => RollgateEvent[];
  },
): Promise<RejectionReport> {
  const { say } = opts;
  const all = await env.clients.ess.listAllScalingGroups();
  const canaries = all.filter(
    (g) =>
      g.tags['rollgate:wave'] === 'canary' &&
      opts.policy.targets.some((t) =>
        groupMatches(t.select, { id: g.scalingGroupId, name: g.scalingGroupName, tags: g.tags }),
      ),
  );
  const canaryIds = canaries.map((g) => g.scalingGroupId);
  const nameOf = new Map(all.map((g) => [g.scalingGroupId, g.scalingGroupName]));

  say(
    '\nA second image of family app-base boots unhealthy (admin fault: its instances fail ESS health and answer 503).',
  );
  const image = await publishNewImage(env, { name: opts.name, family: 'app-base', unhealthy: true, say });
  say('\nthe gate at work (the groups, then every rollgate event of this image):');

  const deadline = Date.now() + opts.timeoutSeconds * 1000;
  const seen: RollgateEvent[] = [];
  let rolledBack = false;
  while (!rolledBack && Date.now() < deadline) {
    await sleep(300);
    const fresh = opts.events().filter((e) => e.revision === image.imageId);
    seen.push(...fresh);
    const fleet = await observeFleet(env.clients, opts.policy, image.imageId, env.cloud.clock.iso());
    opts.progress.events(fresh, fleet);
    for (const e of fresh) {
      const reasons = e.detail['reasons'];
      if (e.type === 'batch.failed' && Array.isArray(reasons))
        for (const r of reasons.slice(0, 6)) opts.progress.note(`${' '.repeat(10)}- ${r}`);
    }
    opts.progress.render(fleet);
    rolledBack =
      seen.some((e) => e.type === 'rollout.rolled_back') && (await canaryState(env, canaryIds, opts.goodImageId));
  }
  await opts.progress.finish();

  const mine = seen.filter((e) => e.revision === image.imageId);
  const failed = mine.find((e) => e.type === 'batch.failed');
  const executions: Execution[] = await env.clients.oos.listAllExecutions({ templateName: 'ACS-ESS-RollingUpdate' });
  const ofBadImage = executions.filter((e) => e.tags[EXECUTION_TAG.revision] === image.imageId);
  const groupsAfter = await env.clients.ess.listAllScalingGroups();
  const imageAfter = await env.clients.ecs.describeImages({ imageIds: [image.imageId], status: ['ALL'] });
  const restored = await canaryState(env, canaryIds, opts.goodImageId);
  const report: RejectionReport = {
    imageId: image.imageId,
    canaryGroups: canaries.map((g) => g.scalingGroupName),
    failedBatch:
      failed === undefined
        ? null
        : `${String(failed.detail['batch'])}/${String(failed.detail['totalBatches'])} of ${nameOf.get(failed.groupId ?? '') ?? failed.groupId}`,
    reasons: Array.isArray(failed?.detail['reasons']) ? failed.detail['reasons'] : [],
    rollbackExecutionIds: ofBadImage.filter((e) => e.tags[ROLLBACK_OF_TAG] !== undefined).map((e) => e.executionId),
    rolledBack,
    restored,
    groupsRejected: groupsAfter
      .filter((g) => g.tags[GROUP_TAG.rejectedImage] === image.imageId)
      .map((g) => g.scalingGroupName),
    imageTaggedRejected: imageAfter.images[0]?.tags[IMAGE_TAG_REJECTED] === 'true',
    otherGroupsTouched: [
      ...new Set(
        ofBadImage.map((e) => e.tags[EXECUTION_TAG.scalingGroup] ?? '').filter((id) => !canaryIds.includes(id)),
      ),
    ].map((id) => nameOf.get(id) ?? id),
    events: mine.map((e) => ({
      type: e.type,
      at: e.at,
      ...(e.groupId === undefined ? {} : { groupId: e.groupId }),
      message: e.message,
    })),
  };
  say('');
  say(
    `rejected image ${image.imageId}: failed at batch ${report.failedBatch ?? '-'}; rolled back by ${report.rollbackExecutionIds.join(', ') || '-'}`,
  );
  say(
    `  canary groups back on ${opts.goodImageId}, every instance InService, no process suspended: ${restored ? 'yes' : 'NO'}`,
  );
  say(
    `  rejected on groups: ${report.groupsRejected.join(', ') || '-'}; image tagged ${IMAGE_TAG_REJECTED}=true: ${report.imageTaggedRejected ? 'yes' : 'no'}`,
  );
  say(`  other groups that got the bad image: ${report.otherGroupsTouched.join(', ') || 'none'}`);
  return report;
}

/** What makes the phase a failure of the demo. */
export function rejectionProblems(report: RejectionReport): string[] {
  return [
    report.failedBatch === null ? 'the bad image never failed a gate' : undefined,
    report.rolledBack ? undefined : 'the bad image was not rolled back in time',
    report.restored
      ? undefined
      : 'a canary group is not back on the previous image with every instance InService and nothing suspended',
    report.otherGroupsTouched.length === 0
      ? undefined
      : `the bad image reached ${report.otherGroupsTouched.join(', ')}`,
    report.imageTaggedRejected ? undefined : 'the bad image is not tagged rejected',
  ].filter((p): p is string => p !== undefined);
}
