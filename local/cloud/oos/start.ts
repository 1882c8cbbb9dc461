// StartExecution: checks the request, the template parameters and the ESS
// rolling-update rules (seeds: console limits and CLI prerequisites), then
// records a new execution that the rollout runner starts on the next tick.
import type { RegionWorld, ScalingProcess } from '../core/contracts';
import type { OosContext } from './context';
import { executionNotFound, invalidParameter, invalidTemplateParameter, missingParameter, rollingUpdateRefused, templateNotFound } from './errors';
import { parseParameters, type RollingUpdateParameters } from './parameters';
import type { RolloutRunner } from './rollout-runner';
import { findTemplate, type RollingUpdateTemplate } from './templates';
import { FINAL_STATUSES, type ChildOperation, type ExecutionRecord } from './types';

export interface StartExecutionInput {
  templateName?: string;
  parameters?: string;
  tags?: string;
  clientToken?: string;
  mode?: string;
  loopMode?: string;
  description?: string;
}

const MODES = ['Automatic', 'FailurePause'];
const LOOP_MODES = ['Automatic', 'FirstBatchPause', 'EveryBatchPause'];

export function startExecution(ctx: OosContext, runner: RolloutRunner, input: StartExecutionInput): ExecutionRecord {
  const { world } = ctx;
  if (!input.templateName) throw missingParameter('TemplateName');
  const template = findTemplate(input.templateName);
  if (!template) throw templateNotFound(input.templateName);
  const mode = input.mode || 'Automatic';
  if (mode === 'Debug') throw invalidParameter('Mode', 'Debug mode (task-by-task execution) is not imitated by the local cloud.');
  if (!MODES.includes(mode)) throw invalidParameter('Mode', `Valid values: ${MODES.join(', ')}, Debug.`);
  const loopMode = input.loopMode || 'Automatic';
  if (!LOOP_MODES.includes(loopMode)) throw invalidParameter('LoopMode', `Valid values: ${LOOP_MODES.join(', ')}.`);
  const tags = parseTags(input.tags);

  // Same token, same execution: a retried call must not start a second rolling update.
  const existing = input.clientToken ? ctx.clientTokens.get(input.clientToken) : undefined;
  if (existing) return ctx.executions.get(existing) ?? failMissing(existing);

  const params = parseParameters(template, input.parameters);
  const group = world.ess.getGroup(params.scalingGroupId);
  if (template.kind === 'image' && !group.activeScalingConfigurationId) {
    throw rollingUpdateRefused('NoScalingConfiguration', `Scaling group ${group.scalingGroupId} is not sourced from a scaling configuration; image updates need one.`);
  }
  const rollback = params.invokeType === 'rollback' ? resolveRollback(ctx, template, params) : undefined;
  const operation = rollback?.operation ?? invokeOperation(world, params, group.scalingGroupId);

  const busy = activeRollouts(ctx, group.scalingGroupId).filter((e) => !(rollback && e === rollback.source && e.status === 'Waiting'));
  if (busy[0]) {
    throw rollingUpdateRefused('InProgress', `Scaling group ${group.scalingGroupId} already has a rolling update in progress: ${busy[0].executionId} (${busy[0].status}). Only one runs at a time.`);
  }
  if (world.ess.activityInProgress(group.scalingGroupId)) {
    throw rollingUpdateRefused('ScalingActivityInProgress', `Scaling group ${group.scalingGroupId} has a scaling activity in progress; a rolling update cannot start now.`);
  }
  if (rollback?.source.status === 'Waiting') {
    // Console: a waiting execution is cancelled before it is rolled back.
    runner.cancel(rollback.source, `Cancelled by rollback execution started at ${world.clock.iso()}.`);
  }

  const sourceParams = rollback?.source.rollout?.params;
  const { kind: _kind, ...parameterValues } = params;
  const now = world.clock.now();
  const execution: ExecutionRecord = {
    executionId: world.newId('exec-'),
    templateName: template.name,
    status: 'Started',
    statusMessage: '',
    waitingStatus: '',
    parameters: parameterValues,
    tags,
    outputs: {},
    mode,
    loopMode,
    description: input.description ?? '',
    clientToken: input.clientToken,
    createMs: now,
    startMs: now,
    updateMs: now,
    isParent: true,
    tasks: [],
    rollout: {
      template,
      params,
      scalingGroupId: group.scalingGroupId,
      sourceExecutionId: rollback?.source.executionId,
      operation,
      enterProcess: [...(sourceParams ?? params).enterProcess] as ScalingProcess[],
      exitProcess: [...(sourceParams ?? params).exitProcess] as ScalingProcess[],
      items: [],
      batches: [],
      concurrency: 1,
      batchIndex: 0,
      batchesContinued: 0,
      children: new Map(),
      preSuspended: [],
      suspendedByExecution: [],
      processesResumed: false,
    },
  };
  ctx.executions.set(execution.executionId, execution);
  if (input.clientToken) ctx.clientTokens.set(input.clientToken, execution.executionId);
  world.clock.schedule(0, () => runner.begin(execution), `oos ${execution.executionId} start`);
  return execution;
}

function failMissing(executionId: string): never {
  throw executionNotFound(executionId);
}

function parseTags(raw: string | undefined): Record<string, string> {
  if (raw === undefined || raw === '') return {};
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    throw invalidParameter('Tags', 'It must be a JSON object such as {"k1":"v1"}.');
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json)) throw invalidParameter('Tags', 'It must be a JSON object such as {"k1":"v1"}.');
  const entries = Object.entries(json);
  if (entries.length > 20) throw invalidParameter('Tags', 'At most 20 tags are allowed.');
  return Object.fromEntries(entries.map(([k, v]) => [k, typeof v === 'string' ? v : JSON.stringify(v)]));
}

/** Parent executions of rolling updates on the group that have not ended. */
export function activeRollouts(ctx: OosContext, scalingGroupId: string): ExecutionRecord[] {
  return rolloutsOfGroup(ctx, scalingGroupId).filter((e) => !FINAL_STATUSES.has(e.status));
}

/** Rolling-update executions of a group (by their scalingGroupId parameter), oldest first. */
export function rolloutsOfGroup(ctx: OosContext, scalingGroupId: string): ExecutionRecord[] {
  return [...ctx.executions.values()].filter((e) => e.rollout?.scalingGroupId === scalingGroupId);
}

function requireImage(world: RegionWorld, name: string, imageId: string): void {
  if (imageId === '') throw invalidTemplateParameter(name, 'it is required for this invokeType');
  const image = world.ecs.getImage(imageId);
  if (!image) throw invalidTemplateParameter(name, `image ${imageId} does not exist`);
  if (image.status !== 'Available') throw invalidTemplateParameter(name, `image ${imageId} is ${image.status}, not Available`);
}

function invokeOperation(world: RegionWorld, params: RollingUpdateParameters, scalingGroupId: string): ChildOperation {
  switch (params.kind) {
    case 'image': {
      requireImage(world, 'imageId', params.imageId);
      if (params.scalingConfigurationId !== '') {
        const configuration = world.ess.getScalingConfiguration(params.scalingConfigurationId);
        if (configuration.scalingGroupId !== scalingGroupId) {
          throw invalidTemplateParameter('scalingConfigurationId', `${params.scalingConfigurationId} belongs to scaling group ${configuration.scalingGroupId}, not ${scalingGroupId}`);
        }
      }
      return { kind: 'image', imageId: params.imageId, rollBack: false };
    }
    case 'script':
      if (params.invokeScript === '') throw invalidTemplateParameter('invokeScript', 'it is required when invokeType is invoke');
      return { kind: 'script', content: params.invokeScript, commandType: params.commandType, rollBack: false };
    case 'package':
      return { kind: 'package', action: params.action, packageName: params.packageName, packageVersion: params.packageVersion, rollBack: false };
  }
}

interface ResolvedRollback {
  source: ExecutionRecord;
  operation: ChildOperation;
}

/** Console rules: only a waiting execution or the group's most recent one, never a rollback, can be rolled back. */
function resolveRollback(ctx: OosContext, template: RollingUpdateTemplate, params: RollingUpdateParameters): ResolvedRollback {
  if (params.sourceExecutionId === '') throw invalidTemplateParameter('sourceExecutionId', 'it is required when invokeType is rollback');
  const source = ctx.executions.get(params.sourceExecutionId);
  if (!source?.rollout) throw executionNotFound(params.sourceExecutionId);
  if (source.templateName !== template.name) {
    throw invalidTemplateParameter('sourceExecutionId', `${source.executionId} ran template ${source.templateName}; roll it back with the same template`);
  }
  if (source.rollout.scalingGroupId !== params.scalingGroupId) {
    throw invalidTemplateParameter('sourceExecutionId', `${source.executionId} updated scaling group ${source.rollout.scalingGroupId}, not ${params.scalingGroupId}`);
  }
  if (source.rollout.operation.rollBack) throw rollingUpdateRefused('RollbackOfRollback', `${source.executionId} is a rollback execution; a rollback cannot be rolled back.`);
  const latest = rolloutsOfGroup(ctx, params.scalingGroupId).at(-1);
  if (source.status !== 'Waiting' && latest !== source) {
    throw rollingUpdateRefused('NotLatest', `Only a waiting execution or the group's most recent one can be rolled back; the most recent is ${latest?.executionId}.`);
  }
  return { source, operation: rollbackOperation(ctx.world, params, source.rollout.params) };
}

function rollbackOperation(world: RegionWorld, params: RollingUpdateParameters, sourceParams: RollingUpdateParameters): ChildOperation {
  if (params.kind === 'image' && sourceParams.kind === 'image') {
    const imageId = params.sourceImageId || sourceParams.sourceImageId;
    requireImage(world, 'sourceImageId', imageId);
    return { kind: 'image', imageId, rollBack: true };
  }
  if (params.kind === 'script' && sourceParams.kind === 'script') {
    const content = params.rollbackScript || sourceParams.rollbackScript;
    if (content === '') throw invalidTemplateParameter('rollbackScript', 'it is required when invokeType is rollback (neither this execution nor the source has one)');
    // The public template runs rollback scripts as shell scripts whatever commandType says.
    return { kind: 'script', content, commandType: 'RunShellScript', rollBack: true };
  }
  if (params.kind === 'package' && sourceParams.kind === 'package') {
    // A version given to the rollback is installed (the seeds roll wordpress back to v3);
    // without one, the source's action is reversed.
    if (params.packageVersion !== '') return { kind: 'package', action: 'install', packageName: params.packageName, packageVersion: params.packageVersion, rollBack: true };
    const action = sourceParams.action === 'install' ? 'uninstall' : 'install';
    return { kind: 'package', action, packageName: params.packageName, packageVersion: sourceParams.packageVersion, rollBack: true };
  }
  throw invalidTemplateParameter('sourceExecutionId', 'the source execution ran a different template');
}
