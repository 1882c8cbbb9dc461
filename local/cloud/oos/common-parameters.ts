// OOS common parameters (the parameter store: CreateParameter, GetParameter,
// UpdateParameter, DeleteParameter) for one region world: named String
// values with a version that grows on every update. Name rules after the OOS
// documentation (2-180 characters of letters, digits, `-`, `/`, `_`, not
// starting with a reserved prefix).
import { ApiError, type RegionWorld, type RpcParams } from '../core/contracts';
import { enumParam, optionalParam, requiredParam } from '../core/params';
import { invalidParameter } from './errors';

interface ParameterRecord {
  id: string;
  name: string;
  type: 'String' | 'StringList';
  value: string;
  description: string;
  version: number;
  createMs: number;
  updateMs: number;
}

const NAME = /^[A-Za-z0-9_/-]{2,180}$/;
const RESERVED_PREFIX = /^(ALIYUN|ACS|ALIBABA|ALICLOUD|OOS)/i;
/** Standard parameters hold up to 4096 characters (unverified: docs/local-cloud.md). */
const MAX_VALUE_LENGTH = 4096;

function parameterNotFound(name: string): ApiError {
  return new ApiError('EntityNotExists.Parameter', `The parameter "${name}" does not exist.`, 404);
}

function parameterExists(name: string): ApiError {
  return new ApiError('EntityAlreadyExists.Parameter', `The parameter "${name}" already exists.`, 400);
}

function nameOf(params: RpcParams): string {
  const name = requiredParam(params, 'Name');
  if (!NAME.test(name) || RESERVED_PREFIX.test(name))
    throw invalidParameter(
      'Name',
      '2-180 letters, digits, "-", "/" or "_", not starting with ALIYUN, ACS, ALIBABA, ALICLOUD or OOS.',
    );
  return name;
}

function valueOf(params: RpcParams): string {
  const value = requiredParam(params, 'Value');
  if (value.length > MAX_VALUE_LENGTH) throw invalidParameter('Value', `At most ${MAX_VALUE_LENGTH} characters.`);
  return value;
}

export interface CommonParameters {
  create(params: RpcParams): ParameterRecord;
  get(params: RpcParams): ParameterRecord;
  update(params: RpcParams): ParameterRecord;
  delete(params: RpcParams): void;
  toWire(record: ParameterRecord): Record<string, unknown>;
}

export function createCommonParameters(world: RegionWorld): CommonParameters {
  const byName = new Map<string, ParameterRecord>();
  const find = (name: string): ParameterRecord => {
    const record = byName.get(name);
    if (record === undefined) throw parameterNotFound(name);
    return record;
  };
  return {
    create(params) {
      const name = nameOf(params);
      const value = valueOf(params);
      const type = enumParam(params, 'Type', ['String', 'StringList'] as const);
      if (type === undefined) throw invalidParameter('Type', 'One of String, StringList.');
      if (byName.has(name)) throw parameterExists(name);
      const now = world.clock.now();
      const record: ParameterRecord = {
        id: world.newId('p-'),
        name,
        type,
        value,
        description: optionalParam(params, 'Description') ?? '',
        version: 1,
        createMs: now,
        updateMs: now,
      };
      byName.set(name, record);
      return record;
    },
    get(params) {
      const record = find(nameOf(params));
      const version = optionalParam(params, 'ParameterVersion');
      // Only the latest version is kept: an older one asked for by number is not found.
      if (version !== undefined && Number(version) !== record.version) throw parameterNotFound(record.name);
      return record;
    },
    update(params) {
      const record = find(nameOf(params));
      record.value = valueOf(params);
      const description = optionalParam(params, 'Description');
      if (description !== undefined) record.description = description;
      record.version += 1;
      record.updateMs = world.clock.now();
      return record;
    },
    delete(params) {
      const name = nameOf(params);
      find(name);
      byName.delete(name);
    },
    toWire(record) {
      return {
        Id: record.id,
        Name: record.name,
        Type: record.type,
        Value: record.value,
        Description: record.description,
        ParameterVersion: record.version,
        Constraints: '{}',
        ShareType: 'Private',
        CreatedBy: world.accountId,
        CreatedDate: world.clock.iso(record.createMs),
        UpdatedBy: world.accountId,
        UpdatedDate: world.clock.iso(record.updateMs),
        Tags: {},
      };
    },
  };
}
