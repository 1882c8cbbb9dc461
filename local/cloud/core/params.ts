// Reading flat RPC wire parameters: required values, numbers, booleans,
// `Name.N` repeat lists, JSON list strings and `Tag.N.Key/Value` pairs.
import type { RpcParams } from './contracts';
import { invalidParameter, missingParameter } from './errors';

export function requiredParam(params: RpcParams, name: string): string {
  const value = params[name];
  if (value === undefined || value === '') throw missingParameter(name);
  return value;
}

export function optionalParam(params: RpcParams, name: string): string | undefined {
  const value = params[name];
  return value === undefined || value === '' ? undefined : value;
}

export function intParam(
  params: RpcParams,
  name: string,
  opts: { min?: number; max?: number } = {},
): number | undefined {
  const raw = optionalParam(params, name);
  if (raw === undefined) return undefined;
  if (!/^-?\d+$/.test(raw)) throw invalidParameter(name, `"${raw}" is not an integer.`);
  const value = Number(raw);
  if (opts.min !== undefined && value < opts.min) throw invalidParameter(name, `It must be at least ${opts.min}.`);
  if (opts.max !== undefined && value > opts.max) throw invalidParameter(name, `It must be at most ${opts.max}.`);
  return value;
}

export function boolParam(params: RpcParams, name: string): boolean | undefined {
  const raw = optionalParam(params, name);
  if (raw === undefined) return undefined;
  if (raw === 'true' || raw === 'True') return true;
  if (raw === 'false' || raw === 'False') return false;
  throw invalidParameter(name, `"${raw}" is not a boolean.`);
}

export function enumParam<T extends string>(params: RpcParams, name: string, allowed: readonly T[]): T | undefined {
  const raw = optionalParam(params, name);
  if (raw === undefined) return undefined;
  if (!(allowed as readonly string[]).includes(raw))
    throw invalidParameter(name, `Allowed values: ${allowed.join(', ')}.`);
  return raw as T;
}

/** `Name.1`, `Name.2`, … in index order (gaps allowed). */
export function repeatList(params: RpcParams, name: string): string[] {
  const prefix = `${name}.`;
  const entries: Array<[number, string]> = [];
  for (const [key, value] of Object.entries(params)) {
    if (!key.startsWith(prefix)) continue;
    const index = key.slice(prefix.length);
    if (/^\d+$/.test(index) && value !== '') entries.push([Number(index), value]);
  }
  return entries.sort((a, b) => a[0] - b[0]).map(([, value]) => value);
}

/**
 * A list given as a JSON array string (`InstanceIds=["i-1"]`, how 2022-style
 * APIs and ECS take it) or as a repeat list (`InstanceIds.1=i-1`, how generic
 * clients flatten arrays).
 */
export function jsonOrRepeatList(params: RpcParams, name: string): string[] {
  const raw = optionalParam(params, name);
  if (raw !== undefined) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(raw);
    } catch {
      throw invalidParameter(name, 'It must be a JSON array of strings.');
    }
    if (
      !Array.isArray(parsed) ||
      !parsed.every((v): v is string | number => typeof v === 'string' || typeof v === 'number')
    ) {
      throw invalidParameter(name, 'It must be a JSON array of strings.');
    }
    return parsed.map(String);
  }
  return repeatList(params, name);
}

/** Both forms a list can arrive in, for APIs whose versions differ: `Singular.N` and `Plurals`. */
export function listParam(params: RpcParams, singular: string, plural?: string): string[] {
  const fromSingular = repeatList(params, singular);
  if (fromSingular.length > 0 || plural === undefined) return fromSingular;
  return jsonOrRepeatList(params, plural);
}

export interface TagPair {
  key: string;
  value: string;
}

/** `Tag.N.Key` / `Tag.N.Value` (also `Tags.N.Key` when `name` says so). */
export function tagPairs(params: RpcParams, name = 'Tag'): TagPair[] {
  const byIndex = new Map<number, { key?: string; value?: string }>();
  const pattern = new RegExp(`^${name}\\.(\\d+)\\.(Key|Value)$`);
  for (const [key, value] of Object.entries(params)) {
    const match = pattern.exec(key);
    if (!match) continue;
    const index = Number(match[1]);
    const entry = byIndex.get(index) ?? {};
    if (match[2] === 'Key') entry.key = value;
    else entry.value = value;
    byIndex.set(index, entry);
  }
  return [...byIndex.entries()]
    .sort((a, b) => a[0] - b[0])
    .flatMap(([index, { key, value }]) => {
      if (key === undefined || key === '') {
        if (value === undefined) return [];
        throw missingParameter(`${name}.${index}.Key`);
      }
      return [{ key, value: value ?? '' }];
    });
}

/** Page slicing shared by every Describe*: returns the page and the total. */
export function paginate<T>(
  items: readonly T[],
  pageNumber: number,
  pageSize: number,
): { page: T[]; totalCount: number } {
  const start = (pageNumber - 1) * pageSize;
  return { page: items.slice(start, start + pageSize), totalCount: items.length };
}

/** Opaque NextToken for offset paging (ListTagResources, DescribeInstances with MaxResults). */
export function encodeOffsetToken(offset: number): string {
  return Buffer.from(`offset:${offset}`).toString('base64url');
}

export function decodeOffsetToken(token: string, name = 'NextToken'): number {
  const match = /^offset:(\d+)$/.exec(Buffer.from(token, 'base64url').toString('utf8'));
  if (!match) throw invalidParameter(name, 'The token is invalid.');
  return Number(match[1]);
}
