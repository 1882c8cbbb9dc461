// OOS errors with the codes the real service uses where they are known
// (EntityNotExists.*, InvalidParameter, MissingParameter). Rules the real
// service leaves to the ESS console (one rolling update per group, no update
// during a scaling activity, rollback limits) get codes in the same style;
// docs/local-cloud.md lists them.
import { ApiError } from '../core/contracts';

export function templateNotFound(templateName: string): ApiError {
  return new ApiError('EntityNotExists.Template', `The template "${templateName}" does not exist.`, 404);
}

export function executionNotFound(executionId: string): ApiError {
  return new ApiError('EntityNotExists.Execution', `The execution "${executionId}" does not exist.`, 404);
}

export function taskExecutionNotFound(detail: string): ApiError {
  return new ApiError('EntityNotExists.TaskExecution', `No failed task execution matches ${detail}.`, 404);
}

export function missingParameter(name: string): ApiError {
  return new ApiError(
    'MissingParameter',
    `The input parameter "${name}" that is mandatory for processing this request is not supplied.`,
    400,
  );
}

export function invalidParameter(name: string, detail: string): ApiError {
  return new ApiError('InvalidParameter', `The specified parameter "${name}" is not valid. ${detail}`, 400);
}

/** Template parameters (the Parameters JSON) that are missing, mistyped or not allowed. */
export function invalidTemplateParameter(name: string, detail: string): ApiError {
  return new ApiError('InvalidParameter.Parameters', `The template parameter "${name}" is not valid: ${detail}`, 400);
}

/** The execution is not in a status that allows the request (e.g. Approve while Running). */
export function invalidExecutionStatus(executionId: string, status: string, detail: string): ApiError {
  return new ApiError('InvalidStatus.Execution', `The execution "${executionId}" is ${status}: ${detail}`, 400);
}

/** A rule of the ESS rolling update (seeds: console, CLI prerequisites) forbids the start. */
export function rollingUpdateRefused(rule: string, detail: string): ApiError {
  return new ApiError(`RollingUpdate.${rule}`, detail, 400);
}
