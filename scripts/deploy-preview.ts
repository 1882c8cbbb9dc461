// `npm run deploy:preview`: renders s.yaml with `s preview` (Serverless Devs 3)
// offline. `s preview` resolves `${vars.…}`, `${env(…)}` and `${config(…)}`
// without the fc3 component, but `${config('AccountID')}` needs an access
// configuration: it gets a throw-away one (generated dummy keys in a temporary
// home) and never the caller's own `~/.s/access.yaml` or ALIBABA_CLOUD_* keys.
import { spawnSync } from 'node:child_process';
import { randomBytes, randomInt } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const ACCESS_ALIAS = 'rollgate-preview';

export interface PreviewResult {
  /** Exit status of `s preview` (0: s.yaml rendered). */
  status: number;
  /** The rendered document (`s preview -o json`), when it rendered. */
  rendered?: Record<string, unknown>;
  /** The dummy account id `${config('AccountID')}` resolved to. */
  accountId: string;
  /** What `s` printed on failure (its error names the expression that did not resolve). */
  output: string;
}

export interface PreviewOptions {
  /** s.yaml to render; default the project's. */
  template?: string;
  /** Where `${env('X')}` reads from: only ROLLGATE_* names are passed on. Default process.env. */
  env?: Readonly<Record<string, string | undefined>>;
}

function sBinary(): string {
  const pkg = createRequire(import.meta.url).resolve('@serverless-devs/s/package.json');
  return join(dirname(pkg), 'bin', 's');
}

function previewEnv(home: string, from: Readonly<Record<string, string | undefined>>): NodeJS.ProcessEnv {
  const passed = Object.entries(from).filter(([name, value]) => name.startsWith('ROLLGATE_') && value !== undefined);
  // s reads its home from HOME; nothing else of the caller's environment (credentials included) reaches it.
  return {
    PATH: process.env['PATH'] ?? '',
    HOME: home,
    USERPROFILE: home,
    NO_COLOR: '1',
    CI: 'true',
    ...Object.fromEntries(passed),
  };
}

function run(args: string[], env: NodeJS.ProcessEnv, cwd: string): { status: number; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, [sBinary(), ...args], { cwd, env, encoding: 'utf8', timeout: 120_000 });
  return { status: result.status ?? 1, stdout: result.stdout ?? '', stderr: result.stderr ?? '' };
}

/** Runs `s preview` on a template with a throw-away access configuration; removes it afterwards. */
export function previewSYaml(options: PreviewOptions = {}): PreviewResult {
  const template = resolve(options.template ?? join(root, 's.yaml'));
  const home = mkdtempSync(join(tmpdir(), 'rollgate-s-preview-'));
  const accountId = `${randomInt(100_000, 1_000_000)}${randomInt(1e9, 1e10)}`; // 16 digits, as account ids have
  try {
    const env = previewEnv(home, options.env ?? process.env);
    const keys = [
      '--AccessKeyID',
      `LTAIpreview${randomBytes(8).toString('hex')}`,
      '--AccessKeySecret',
      randomBytes(15).toString('hex'),
    ];
    const added = run(
      ['config', 'add', '-a', ACCESS_ALIAS, ...keys, '--AccountID', accountId, '-f', '--silent'],
      env,
      home,
    );
    if (added.status !== 0) return { status: added.status, accountId, output: added.stdout + added.stderr };
    const preview = run(['preview', '-t', template, '-a', ACCESS_ALIAS, '-o', 'json'], env, dirname(template));
    if (preview.status !== 0) return { status: preview.status, accountId, output: preview.stdout + preview.stderr };
    // s prints its warnings (running as root, …) on stdout before the document.
    const json = preview.stdout.slice(preview.stdout.indexOf('\n{') + 1);
    return { status: 0, accountId, rendered: JSON.parse(json) as Record<string, unknown>, output: '' };
  } finally {
    removeScratch(home);
  }
}

/**
 * `s` may still be writing into its folder (logs, cache) just after it exits, so removing it can meet a file
 * created meanwhile (ENOTEMPTY): retried, and if it still fails, said rather than thrown over the preview's result.
 * The folder holds only random stand-in keys.
 */
function removeScratch(home: string): void {
  try {
    rmSync(home, { recursive: true, force: true, maxRetries: 10, retryDelay: 100 });
  } catch (error) {
    console.warn(`s preview: could not remove ${home}: ${error instanceof Error ? error.message : String(error)}`);
  }
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const result = previewSYaml({ template: process.argv[2] });
  if (result.rendered) {
    console.log(JSON.stringify(result.rendered, null, 2));
    console.log(`\ns.yaml renders (account id ${result.accountId} is a throw-away stand-in for config('AccountID')).`);
  } else {
    console.error(result.output.trim());
    console.error(
      '\ns preview failed: fix the expression named above (docs/deploy.md lists the variables s.yaml reads).',
    );
  }
  process.exit(result.status);
}
