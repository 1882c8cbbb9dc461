import { readFileSync } from 'node:fs';
import { COMPILED_POLICY_FILE_NAME } from '../config';
import { parsePolicy, type Policy, type PolicyParseResult } from '../domain/policy';
import { validatePolicy } from '../domain/validate-policy';

export class PolicyFileError extends Error {
  constructor(
    readonly path: string,
    message: string,
  ) {
    super(`policy ${path}: ${message}`);
    this.name = 'PolicyFileError';
  }
}

const cache = new Map<string, Policy>();

function readPolicyText(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (cause) {
    throw new PolicyFileError(path, `cannot be read (${cause instanceof Error ? cause.message : String(cause)})`);
  }
}

function validOrThrow(path: string, result: PolicyParseResult): Policy {
  if (!result.ok) {
    throw new PolicyFileError(
      path,
      result.errors.map((e) => `${e.path || '(root)'}: ${e.message} (allowed: ${e.allowed})`).join('; '),
    );
  }
  cache.set(path, result.policy);
  return result.policy;
}

function parseCompiled(path: string, text: string): PolicyParseResult {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (cause) {
    const reason = cause instanceof Error ? cause.message : String(cause);
    throw new PolicyFileError(
      path,
      /\.ya?ml$/i.test(path)
        ? `is YAML; a function reads the policy compiled to JSON (npm run build writes ${COMPILED_POLICY_FILE_NAME} beside each bundle)`
        : `is not a compiled policy (JSON: ${reason})`,
    );
  }
  return validatePolicy(raw);
}

/**
 * The policy a function runs with: the JSON `npm run build` compiled from
 * rollgate.yaml, validated again (a hand-edited bundle fails as clearly as a
 * bad rollgate.yaml). No YAML parser here, so none is bundled. A warm FC
 * instance keeps it: the file is part of the deployed bundle and cannot change
 * under a running one.
 */
export function loadCompiledPolicy(path: string): Policy {
  return cache.get(path) ?? validOrThrow(path, parseCompiled(path, readPolicyText(path)));
}

/** A policy file as tools read it (CLI, scripts, tests): rollgate.yaml, or its compiled JSON (`.json`). */
export function loadPolicy(path: string): Policy {
  const cached = cache.get(path);
  if (cached) return cached;
  const text = readPolicyText(path);
  return validOrThrow(path, /\.json$/i.test(path) ? parseCompiled(path, text) : parsePolicy(text));
}
