import { readFileSync } from 'node:fs';
import { parsePolicy, type Policy } from '../domain/policy';

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

/**
 * The policy file, parsed and validated. A warm FC instance keeps it: the
 * file is part of the deployed bundle and cannot change under a running one.
 */
export function loadPolicy(path: string): Policy {
  const cached = cache.get(path);
  if (cached) return cached;
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (cause) {
    throw new PolicyFileError(path, `cannot be read (${cause instanceof Error ? cause.message : String(cause)})`);
  }
  const result = parsePolicy(text);
  if (!result.ok) {
    throw new PolicyFileError(
      path,
      result.errors.map((e) => `${e.path || '(root)'}: ${e.message} (allowed: ${e.allowed})`).join('; '),
    );
  }
  cache.set(path, result.policy);
  return result.policy;
}
