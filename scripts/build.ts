// One CommonJS bundle per function (small cold start, no node_modules at
// deploy): functions/<name>/index.ts → dist/<name>/index.js, with the policy
// beside it compiled to JSON (dist/<name>/rollgate.json: no function bundles a
// YAML parser). What the local runtime loads is exactly what s.yaml deploys.
import { build, type BuildOptions, type Plugin } from 'esbuild';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { COMPILED_POLICY_FILE_NAME } from '../shared/config';
import { compilePolicy } from '../shared/domain/parse-policy';
import { formatProblem, validatePolicyText } from '../shared/operations/validate';

const root = new URL('..', import.meta.url).pathname;

export function functionNames(): string[] {
  const dir = join(root, 'functions');
  return readdirSync(dir)
    .filter((name) => statSync(join(dir, name)).isDirectory() && existsSync(join(dir, name, 'index.ts')))
    .sort();
}

/** A policy that does not validate is never packaged: the functions would fail every invocation. */
export function assertValidPolicy(policyFile: string): void {
  if (!existsSync(policyFile)) return;
  const report = validatePolicyText(readFileSync(policyFile, 'utf8'));
  if (!report.ok)
    throw new Error(
      `refusing to package an invalid policy:\n${report.problems.map((p) => `  ${formatProblem(policyFile, p)}`).join('\n')}`,
    );
}

/**
 * rollgate.yaml as the functions read it: validated (with line and column on
 * failure), then the document as written, in JSON. The function validates it
 * again when it loads it.
 */
export function compiledPolicy(policyFile: string): string {
  assertValidPolicy(policyFile);
  const compiled = compilePolicy(readFileSync(policyFile, 'utf8'));
  if (!compiled.ok)
    throw new Error(
      `refusing to package the policy ${policyFile}: ${compiled.errors.map((e) => e.message).join('; ')}`,
    );
  return compiled.json;
}

/**
 * `yaml` has no side effects when imported (its package.json does not say
 * so): marked here, esbuild drops it from a bundle that calls none of it. The
 * domain's policy barrel re-exports parsePolicy for tools and tests; no
 * function calls it (they read the compiled JSON), and test/deploy checks that
 * no bundle holds the parser.
 */
const sideEffectFree = (names: readonly string[]): Plugin => ({
  name: 'side-effect-free',
  setup(b) {
    const filter = new RegExp(`^(${names.join('|')})$`);
    b.onResolve({ filter }, async (args) => {
      if (args.pluginData === 'side-effect-free') return undefined;
      const resolved = await b.resolve(args.path, {
        kind: args.kind,
        importer: args.importer,
        resolveDir: args.resolveDir,
        pluginData: 'side-effect-free',
      });
      return resolved.errors.length > 0 ? { errors: resolved.errors } : { path: resolved.path, sideEffects: false };
    });
  },
});

/**
 * `@alicloud/credentials` loads every credential provider it has; the OpenAPI
 * client only builds the `access_key` and `sts` ones, from the AccessKey or FC
 * role credentials rollgate always hands it (shared/cloud/client.ts,
 * `sdkConfigFields`). The providers that find credentials elsewhere (profile
 * and CLI files, ECS metadata, RAM role and OIDC assumption, a URI, the default
 * chain, bearer tokens, RSA key pairs) are left out of the bundles: a stub
 * stands in that fails by name if anything ever asked for one. The client's
 * signing (openapi-util) and wire handling stay as they are; the runtime tests
 * run the bundles against the local cloud, which checks every signature.
 */
const UNUSED_CREDENTIAL_PROVIDERS =
  /^\.\/(rsa_key_pair_credential|bearer_token_credential|providers\/(ram_role_arn|oidc_role_arn|ecs_ram_role|default|uri|cli_profile|profile|env))$/;

const credentialProvidersLeftOut: Plugin = {
  name: 'credential-providers-left-out',
  setup(b) {
    b.onResolve({ filter: UNUSED_CREDENTIAL_PROVIDERS }, (args) =>
      /[\\/]@alicloud[\\/]credentials[\\/]dist[\\/]src[\\/]client\.js$/.test(args.importer)
        ? { path: args.path, namespace: 'credential-provider-left-out' }
        : undefined,
    );
    b.onLoad({ filter: /.*/, namespace: 'credential-provider-left-out' }, (args) => ({
      loader: 'js',
      contents: [
        `const message = 'credential provider ${args.path.replace('./', '')} is not bundled: rollgate passes the function credentials (AccessKey or STS) explicitly';`,
        'class LeftOut { constructor() { throw new Error(message); } static builder() { throw new Error(message); } }',
        'module.exports = { __esModule: true, default: LeftOut };',
      ].join('\n'),
    }));
  },
};

/**
 * `debug` (required by `@alicloud/mns` and `httpx`) prints only when the `DEBUG` variable names its namespaces,
 * which no rollgate function sets: its messages (the MNS client's STS refresh, httpx's headers and bodies) are left
 * out of the bundles, and a no-op logger stands in. rollgate's own logs are pino's JSON lines.
 */
const debugLeftOut: Plugin = {
  name: 'debug-left-out',
  setup(b) {
    b.onResolve({ filter: /^debug$/ }, (args) => ({ path: args.path, namespace: 'debug-left-out' }));
    b.onLoad({ filter: /.*/, namespace: 'debug-left-out' }, () => ({
      loader: 'js',
      contents:
        'module.exports = function debug() { const log = function () {}; log.enabled = false; log.extend = debug; return log; };',
    }));
  },
};

/** How one function is bundled (what test/deploy inspects with a metafile). */
export function bundleOptions(name: string, outfile: string): BuildOptions {
  return {
    entryPoints: [join(root, 'functions', name, 'index.ts')],
    outfile,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    // Minified with names kept (readable stack traces) and the map beside the
    // bundle rather than inside it: 2 MB to load at cold start instead of 14 MB.
    minify: true,
    keepNames: true,
    sourcemap: 'linked',
    logLevel: 'warning',
    // pino's optional transports are never used: logs go to stdout as JSON lines.
    // @alicloud/mns picks its ES5 build (babel-runtime) only on engines without
    // async functions, never on Node 20; esbuild sees both requires.
    external: ['pino-pretty', 'babel-runtime/*'],
    plugins: [sideEffectFree(['yaml']), credentialProvidersLeftOut, debugLeftOut],
  };
}

export async function buildFunctions(
  outRoot = join(root, 'dist'),
  policyFile = join(root, 'rollgate.yaml'),
): Promise<string[]> {
  const policyJson = existsSync(policyFile) ? compiledPolicy(policyFile) : undefined;
  const names = functionNames();
  for (const name of names) {
    const outDir = join(outRoot, name);
    rmSync(outDir, { recursive: true, force: true });
    mkdirSync(outDir, { recursive: true });
    await build(bundleOptions(name, join(outDir, 'index.js')));
    if (policyJson !== undefined) writeFileSync(join(outDir, COMPILED_POLICY_FILE_NAME), policyJson);
  }
  return names;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const started = Date.now();
  let names: string[];
  try {
    names = await buildFunctions();
  } catch (error) {
    console.error(error instanceof Error ? error.message : String(error));
    process.exit(1);
  }
  console.log(`built ${names.length} function bundle(s) into dist/ in ${Date.now() - started} ms: ${names.join(', ')}`);
}
