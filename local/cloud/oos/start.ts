// StartExecution: checks the request and the template parameters, then
// records a new execution that the rollout runner starts on the next tick.
// The ESS console's rules (one rolling update per group, none during a
// scaling activity, a scaling configuration for image updates, which
// execution may be rolled back) are not API rules: an execution that breaks
// them starts and then fails where the template's steps fail.
import type { RegionWorld, ScalingProcess } from '../core/contracts';
import { addExecution, type OosContext } from './context';
import {
  executionNotFound,
  invalidParameter,
  invalidTemplateParameter,
  missingParameter,
  templateNotFound,
} from './errors';
import { parseParameters, type RollingUpdateParameters } from './parameters';
import type { RolloutRunner } from './rollout-runner';
import { findTemplate, type RollingUpdateTemplate } from './templates';
import type { ChildOperation, ExecutionRecord } from './types';

export interface StartExecutionInput {
  templateName?: string;
  parameters?: string;
  tags?: string;
  clientToken?: string;
  mode?: string;
  loopMode?: string;
  safetyCheck?: string;
  description?: string;
}

const MODES = ['Automatic', 'FailurePause'];
const LOOP_MODES = ['Automatic', 'FirstBatchPause', 'EveryBatchPause'];
const SAFETY_CHECKS = ['ConfirmEveryHighRiskAction', 'Skip'];

export function startExecution(ctx: OosContext, runner: RolloutRunner, input: StartExecutionInput): ExecutionRecord {
  const { world } = ctx;
  if (!input.templateName) throw missingParameter('TemplateName');
  const template = findTemplate(input.templateName);
  if (!template) throw templateNotFound(input.templateName);
  const mode = input.mode || 'Automatic';
  if (mode === 'Debug')
    throw invalidParameter('Mode', 'Debug mode (task-by-task execution) is not imitated by the local cloud.');
  if (!MODES.includes(mode)) throw invalidParameter('Mode', `Valid values: ${MODES.join(', ')}, Debug.`);
  const loopMode = input.loopMode || 'Automatic';
  if (!LOOP_MODES.includes(loopMode)) throw invalidParameter('LoopMode', `Valid values: ${LOOP_MODES.join(', ')}.`);
  const safetyCheck = input.safetyCheck || 'ConfirmEveryHighRiskAction';
  if (!SAFETY_CHECKS.includes(safetyCheck))
    throw invalidParameter('SafetyCheck', `Valid values: ${SAFETY_CHECKS.join(', ')}.`);
  const tags = parseTags(input.tags);

  // Same token, same execution: a retried call must not start a second rolling update.
  const existing = input.clientToken ? ctx.clientTokens.get(input.clientToken) : undefined;
  if (existing) return ctx.executions.get(existing) ?? failMissing(existing);

  const params = parseParameters(template, input.parameters);
  const rollback = params.invokeType === 'rollback' ? resolveRollback(ctx, template, params) : undefined;
  const operation = rollback?.operation ?? invokeOperation(world, params);

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
    safetyCheck,
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
      scalingGroupId: params.scalingGroupId,
      sourceExecutionId: rollback?.source.executionId,
      operation,
      enterProcess: [...(sourceParams ?? params).enterProcess] as ScalingProcess[],
      exitProcess: [...(sourceParams ?? params).exitProcess] as ScalingProcess[],
      items: [],
      batches: [],
      concurrency: 1,
      batchIndex: 0,
      batchesContinued: 0,
      approvals: [],
      children: new Map(),
    },
  };
  addExecution(ctx, execution);
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
  if (typeof json !== 'object' || json === null || Array.isArray(json))
    throw invalidParameter('Tags', 'It must be a JSON object such as {"k1":"v1"}.');
  const entries = Object.entries(json);
  if (entries.length > 20) throw invalidParameter('Tags', 'At most 20 tags are allowed.');
  return Object.fromEntries(entries.map(([k, v]) => [k, typeof v === 'string' ? v : JSON.stringify(v)]));
}

function requireImage(world: RegionWorld, name: string, imageId: string): void {
  if (imageId === '') throw invalidTemplateParameter(name, 'it is required for this invokeType');
  const image = world.ecs.getImage(imageId);
  if (!image) throw invalidTemplateParameter(name, `image ${imageId} does not exist`);
  if (image.status !== 'Available')
    throw invalidTemplateParameter(name, `image ${imageId} is ${image.status}, not Available`);
}

function invokeOperation(world: RegionWorld, params: RollingUpdateParameters): ChildOperation {
  switch (params.kind) {
    case 'image':
      // The scaling configuration is not checked here: the template's modifyScalingConfiguration step fails on a bad one.
      requireImage(world, 'imageId', params.imageId);
      return { kind: 'image', imageId: params.imageId, rollBack: false };
    case 'script':
      if (params.invokeScript === '')
        throw invalidTemplateParameter('invokeScript', 'it is required when invokeType is invoke');
      return { kind: 'script', content: params.invokeScript, commandType: params.commandType, rollBack: false };
    case 'package':
      return {
        kind: 'package',
        action: params.action,
        packageName: params.packageName,
        packageVersion: params.packageVersion,
        rollBack: false,
      };
  }
}

interface ResolvedRollback {
  source: ExecutionRecord;
  operation: ChildOperation;
}

/**
 * The template reads the source's children and parameters (ListExecutions); it
 * does not ask whether the source is waiting, the group's most recent
 * execution or itself a rollback — those are console rules.
 */
function resolveRollback(
  ctx: OosContext,
  template: RollingUpdateTemplate,
  params: RollingUpdateParameters,
): ResolvedRollback {
  if (params.sourceExecutionId === '')
    throw invalidTemplateParameter('sourceExecutionId', 'it is required when invokeType is rollback');
  const source = ctx.executions.get(params.sourceExecutionId);
  if (!source?.rollout) throw executionNotFound(params.sourceExecutionId);
  if (source.templateName !== template.name) {
    throw invalidTemplateParameter(
      'sourceExecutionId',
      `${source.executionId} ran template ${source.templateName}; roll it back with the same template`,
    );
  }
  if (source.rollout.scalingGroupId !== params.scalingGroupId) {
    throw invalidTemplateParameter(
      'sourceExecutionId',
      `${source.executionId} updated scaling group ${source.rollout.scalingGroupId}, not ${params.scalingGroupId}`,
    );
  }
  return { source, operation: rollbackOperation(ctx.world, params) };
}

/** What the rollback path of each template passes to its child: the rollback execution's own parameters. */
function rollbackOperation(world: RegionWorld, params: RollingUpdateParameters): ChildOperation {
  switch (params.kind) {
    case 'image':
      requireImage(world, 'sourceImageId', params.sourceImageId);
      return { kind: 'image', imageId: params.sourceImageId, rollBack: true };
    case 'script':
      if (params.rollbackScript === '')
        throw invalidTemplateParameter('rollbackScript', 'it is required when invokeType is rollback');
      // The public template runs rollback scripts as shell scripts whatever commandType says.
      return { kind: 'script', content: params.rollbackScript, commandType: 'RunShellScript', rollBack: true };
    case 'package':
      // Nothing reverses the source's action: the child installs or uninstalls as this execution says.
      return {
        kind: 'package',
        action: params.action,
        packageName: params.packageName,
        packageVersion: params.packageVersion,
        rollBack: true,
      };
  }
}
