// Credentials and region as operators already have them: the standard
// ALIBABA_CLOUD_* variables, or a profile of the aliyun CLI's config file
// (~/.aliyun/config.json; `--profile`, else its current profile).
import { readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import * as z from 'zod';
import type { Env } from '../shared/config';
import { UsageError } from './usage';

const ProfileSchema = z.looseObject({
  name: z.string(),
  mode: z.string().default('AK'),
  access_key_id: z.string().optional(),
  access_key_secret: z.string().optional(),
  sts_token: z.string().optional(),
  region_id: z.string().optional(),
});
const ConfigFileSchema = z.looseObject({
  current: z.string().optional(),
  profiles: z.array(ProfileSchema).default([]),
});

export interface CredentialOptions {
  profile?: string;
  region?: string;
  endpoint?: string;
}

export function aliyunConfigPath(env: Env): string {
  return env['ALIBABA_CLOUD_CONFIG_FILE'] ?? join(env['HOME'] ?? homedir(), '.aliyun', 'config.json');
}

function fromProfile(env: Env, wanted: string | undefined): Record<string, string> {
  const path = aliyunConfigPath(env);
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    if (wanted === undefined) return {};
    throw new UsageError(
      `--profile ${wanted}: cannot read ${path} (${error instanceof Error ? error.message : String(error)})`,
      'run `aliyun configure`, or set ALIBABA_CLOUD_ACCESS_KEY_ID and ALIBABA_CLOUD_ACCESS_KEY_SECRET',
    );
  }
  const config = ConfigFileSchema.safeParse(raw);
  if (!config.success)
    throw new UsageError(`${path} is not an aliyun CLI config file`, 'run `aliyun configure` to write it');
  const name = wanted ?? config.data.current ?? 'default';
  const profile = config.data.profiles.find((p) => p.name === name);
  if (profile === undefined) {
    if (wanted === undefined) return {};
    throw new UsageError(
      `--profile ${name}: no such profile in ${path}`,
      `profiles there: ${config.data.profiles.map((p) => p.name).join(', ') || 'none'}`,
    );
  }
  if (profile.mode !== 'AK' && profile.mode !== 'StsToken') {
    throw new UsageError(
      `profile ${name} uses mode ${profile.mode}`,
      'rollgate reads AK and StsToken profiles; export ALIBABA_CLOUD_ACCESS_KEY_ID/SECRET (and SECURITY_TOKEN) instead',
    );
  }
  return {
    ...(profile.access_key_id ? { ALIBABA_CLOUD_ACCESS_KEY_ID: profile.access_key_id } : {}),
    ...(profile.access_key_secret ? { ALIBABA_CLOUD_ACCESS_KEY_SECRET: profile.access_key_secret } : {}),
    ...(profile.mode === 'StsToken' && profile.sts_token ? { ALIBABA_CLOUD_SECURITY_TOKEN: profile.sts_token } : {}),
    ...(profile.region_id ? { ALIBABA_CLOUD_REGION_ID: profile.region_id } : {}),
  };
}

/**
 * The environment the cloud clients are configured from: a named profile wins
 * over the variables; without `--profile` the variables win over the current
 * profile. `--region` and `--endpoint` win over both.
 */
export function cloudEnv(
  env: Env,
  options: CredentialOptions,
  policyRegion: string | undefined,
): Record<string, string | undefined> {
  const profile = fromProfile(env, options.profile);
  const haveKeys = env['ALIBABA_CLOUD_ACCESS_KEY_ID'] !== undefined && env['ALIBABA_CLOUD_ACCESS_KEY_ID'] !== '';
  const merged: Record<string, string | undefined> =
    options.profile !== undefined || !haveKeys ? { ...env, ...profile } : { ...profile, ...env };
  const region = options.region ?? merged['ALIBABA_CLOUD_REGION_ID'] ?? policyRegion;
  if (region !== undefined) merged['ALIBABA_CLOUD_REGION_ID'] = region;
  if (options.endpoint !== undefined) merged['ROLLGATE_ENDPOINT'] = options.endpoint;
  if (!merged['ALIBABA_CLOUD_ACCESS_KEY_ID'] || !merged['ALIBABA_CLOUD_ACCESS_KEY_SECRET']) {
    throw new UsageError(
      'no credentials',
      `set ALIBABA_CLOUD_ACCESS_KEY_ID and ALIBABA_CLOUD_ACCESS_KEY_SECRET, or pass --profile NAME of ${aliyunConfigPath(env)}`,
    );
  }
  if (merged['ALIBABA_CLOUD_REGION_ID'] === undefined)
    throw new UsageError('no region', 'pass --region, set ALIBABA_CLOUD_REGION_ID, or give the policy a region');
  return merged;
}
