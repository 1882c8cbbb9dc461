// CLI: npm run cloud -- --port 9100 [--region cn-hangzhou] [--account-id …]
//   [--access-key-id …] [--access-key-secret …] [--time-scale 60] [--seed demo|none|FILE]
import { readFileSync } from 'node:fs';
import {
  DEFAULT_ACCESS_KEY_ID,
  DEFAULT_ACCESS_KEY_SECRET,
  DEFAULT_ACCOUNT_ID,
  DEFAULT_REGION_ID,
  startLocalCloud,
  type LocalCloudOptions,
} from './index';
import { FleetSpecSchema } from './seed/fleet';

const USAGE = `usage: npm run cloud -- [--port 9100] [--region ${DEFAULT_REGION_ID}] [--account-id ${DEFAULT_ACCOUNT_ID}]
       [--access-key-id ${DEFAULT_ACCESS_KEY_ID}] [--access-key-secret ${DEFAULT_ACCESS_KEY_SECRET}] [--time-scale 60] [--seed demo|none|FILE]`;

class UsageError extends Error {
  override name = 'UsageError';
}

const FLAGS = [
  '--port',
  '--region',
  '--account-id',
  '--access-key-id',
  '--access-key-secret',
  '--time-scale',
  '--seed',
] as const;
type Flag = (typeof FLAGS)[number];

export function parseArgs(argv: readonly string[]): LocalCloudOptions {
  const values = new Map<Flag, string>();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? '';
    if (arg === '--help' || arg === '-h') throw new UsageError('');
    const [name, inline] = arg.includes('=')
      ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)]
      : [arg, undefined];
    if (!(FLAGS as readonly string[]).includes(name)) throw new UsageError(`unknown flag "${arg}"`);
    const value = inline ?? argv[++i];
    if (value === undefined || value.startsWith('--')) throw new UsageError(`flag ${name} needs a value`);
    values.set(name as Flag, value);
  }
  const options: LocalCloudOptions = { port: 9100 };
  const port = values.get('--port');
  if (port !== undefined) {
    if (!/^\d+$/.test(port) || Number(port) > 65535)
      throw new UsageError(`--port must be a port number 0..65535, got "${port}"`);
    options.port = Number(port);
  }
  const region = values.get('--region');
  if (region !== undefined) {
    if (!/^[a-z]{2,}(-[a-z0-9]+)+$/.test(region))
      throw new UsageError(`--region must look like cn-hangzhou, got "${region}"`);
    options.regionId = region;
  }
  const account = values.get('--account-id');
  if (account !== undefined) {
    if (!/^\d{16}$/.test(account)) throw new UsageError(`--account-id must be 16 digits, got "${account}"`);
    options.accountId = account;
  }
  const keyId = values.get('--access-key-id');
  if (keyId !== undefined) options.accessKeyId = keyId;
  const secret = values.get('--access-key-secret');
  if (secret !== undefined) options.accessKeySecret = secret;
  const scale = values.get('--time-scale');
  if (scale === 'settled') options.timeScale = 'settled';
  else if (scale !== undefined) {
    const n = Number(scale);
    if (scale.trim() === '' || !Number.isFinite(n) || n < 0 || n > 100_000)
      throw new UsageError(`--time-scale must be a number 0..100000 or "settled", got "${scale}"`);
    options.timeScale = n;
  }
  const seed = values.get('--seed');
  if (seed === 'demo') options.seed = 'demo';
  else if (seed !== undefined && seed !== 'none') options.seed = readFleetFile(seed);
  return options;
}

function readFleetFile(path: string): LocalCloudOptions['seed'] {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    throw new UsageError(`--seed: cannot read fleet file "${path}"`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new UsageError(`--seed: "${path}" is not JSON`);
  }
  const parsed = FleetSpecSchema.safeParse(json);
  if (!parsed.success)
    throw new UsageError(
      `--seed: "${path}" is not a fleet spec: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`,
    );
  return parsed.data;
}

async function main(): Promise<void> {
  let options: LocalCloudOptions;
  try {
    options = parseArgs(process.argv.slice(2));
  } catch (error) {
    if (error instanceof UsageError) {
      if (error.message) console.error(`local cloud: ${error.message}`);
      console.error(USAGE);
      process.exit(error.message ? 2 : 0);
    }
    throw error;
  }
  const cloud = await startLocalCloud(options);
  console.log(`local cloud listening on ${cloud.url}`);
  console.log(`  region ${cloud.regionId}, account ${cloud.accountId}`);
  console.log(`  AccessKeyId ${cloud.accessKeyId}`);
  console.log(`  AccessKeySecret ${cloud.accessKeySecret}`);
  const scaleText =
    options.timeScale === 'settled'
      ? 'moves only when nothing is at work'
      : options.timeScale
        ? 'simulated seconds per real second'
        : 'manual: POST /_local/clock/advance';
  console.log(`  time scale ${options.timeScale ?? 0} (${scaleText})`);
  const stop = () => {
    void cloud.close().then(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

if (process.argv[1] && import.meta.url === new URL(`file://${process.argv[1]}`).href) {
  void main();
}
