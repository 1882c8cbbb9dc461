// What `s preview` (test/deploy/s-preview.test.ts) cannot know about rollgate:
// every function folder deployed from its bundle with a real handler,
// Node.js 20, and triggers on the topics the system publishes on.
import assert from 'node:assert/strict';
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { parse } from 'yaml';
import { DEFAULT_EVENTS_TOPIC } from '../../shared/config';
import { DEMO_EVENTS_TOPIC, DEMO_IMAGE_EVENTS_TOPIC } from '../../local/cloud/seed/demo';

const root = new URL('../..', import.meta.url).pathname;

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

interface Trigger {
  triggerName: string;
  triggerType: string;
  sourceArn?: string;
  invocationRole?: string;
  triggerConfig: Record<string, Json>;
}
interface FunctionProps {
  region: string;
  functionName: string;
  runtime: string;
  handler: string;
  code: string;
  memorySize: number;
  timeout: number;
  role: string;
  environmentVariables: Record<string, string>;
  triggers?: Trigger[];
}

function loadSYaml(): {
  doc: Record<string, Json>;
  vars: Record<string, Json>;
  resources: Record<string, { component: string; props: FunctionProps }>;
} {
  const doc = parse(readFileSync(join(root, 's.yaml'), 'utf8')) as Record<string, Json>;
  const vars = (doc['vars'] ?? {}) as Record<string, Json>;
  const resources = doc['resources'] as unknown as Record<string, { component: string; props: FunctionProps }>;
  return { doc, vars, resources };
}

/** `${vars.name}` as Serverless Devs substitutes it (nested references included). */
function resolveVars(text: string, vars: Record<string, Json>, depth = 0): string {
  assert.ok(depth < 5, `variable cycle in ${text}`);
  const resolved = text.replace(/\$\{vars\.([A-Za-z0-9_]+)\}/g, (_, name: string) => {
    const value = vars[name];
    assert.equal(typeof value, 'string', `vars.${name} is a string`);
    return value as string;
  });
  return resolved === text ? text : resolveVars(resolved, vars, depth + 1);
}

function functionFolders(): string[] {
  const dir = join(root, 'functions');
  return readdirSync(dir).filter((name) => statSync(join(dir, name)).isDirectory());
}

describe('s.yaml', () => {
  it('parses as a Serverless Devs 3 project of fc3 resources', () => {
    // Act
    const { doc, resources } = loadSYaml();
    // Assess
    assert.equal(doc['edition'], '3.0.0');
    assert.equal(typeof doc['name'], 'string');
    assert.ok(Object.keys(resources).length > 0);
    for (const [name, resource] of Object.entries(resources))
      assert.equal(resource.component, 'fc3', `${name} uses the fc3 component`);
  });

  it('declares every function folder, deployed from its bundle', () => {
    // Prepare
    const { resources } = loadSYaml();
    const declared = Object.values(resources).map((r) => r.props.code);
    // Act
    const missing = functionFolders().filter((name) => !declared.includes(`./dist/${name}`));
    // Assess
    assert.deepEqual(missing, [], `function folders without an s.yaml resource: ${missing.join(', ')}`);
  });

  it('maps every code path to a function folder whose index.ts exports handler', async () => {
    // Prepare
    const { resources } = loadSYaml();
    for (const [name, { props }] of Object.entries(resources)) {
      const match = /^\.\/dist\/([a-z0-9-]+)$/.exec(props.code);
      assert.ok(match, `${name}: code ${props.code} is ./dist/<function>`);
      const entry = join(root, 'functions', match[1] ?? '', 'index.ts');
      assert.ok(existsSync(entry), `${name}: ${entry} exists`);
      // Act
      const module = (await import(entry)) as Record<string, unknown>;
      // Assess
      assert.equal(typeof module['handler'], 'function', `${name}: index.ts exports handler`);
      assert.equal(props.handler, 'index.handler', `${name}: handler is index.handler`);
    }
  });

  it('runs every function on nodejs20 with memory, timeout, role and the shared environment', () => {
    // Prepare
    const { resources, vars } = loadSYaml();
    for (const [name, { props }] of Object.entries(resources)) {
      // Assess
      assert.equal(props.runtime, 'nodejs20', `${name}: runtime`);
      assert.ok(props.memorySize >= 128 && props.memorySize <= 32768, `${name}: memorySize`);
      assert.ok(props.timeout >= 1 && props.timeout <= 86400, `${name}: timeout`);
      assert.match(
        resolveVars(props.role, vars),
        /^acs:ram::\$\{config\('AccountID'\)\}:role\/[a-z0-9-]+$/,
        `${name}: role`,
      );
      assert.match(props.functionName, /^rollgate-[a-z0-9-]+$/, `${name}: functionName`);
      assert.equal(resolveVars(props.region, vars), resolveVars('${vars.region}', vars));
      assert.ok(props.environmentVariables['ALIBABA_CLOUD_REGION_ID'], `${name}: region in the environment`);
    }
  });

  it('subscribes the controller functions to the topics the system publishes on, in JSON format', () => {
    // Prepare
    const { resources, vars } = loadSYaml();
    const topicOf = (resource: string): string[] =>
      (resources[resource]?.props.triggers ?? [])
        .filter((t) => t.triggerType === 'mns_topic')
        .map((t) => {
          assert.equal(t.triggerConfig['notifyContentFormat'], 'JSON', `${resource}/${t.triggerName}: JSON envelope`);
          assert.match(
            resolveVars(t.invocationRole ?? '', vars),
            /:role\//,
            `${resource}/${t.triggerName}: invocation role`,
          );
          const arn = resolveVars(t.sourceArn ?? '', vars);
          const match = /^acs:mns:[a-z0-9-]+:[^:]+:\/topics\/([A-Za-z0-9-]+)$/.exec(arn);
          assert.ok(match, `${resource}/${t.triggerName}: sourceArn ${arn} names a topic`);
          return match[1] ?? '';
        });
    // Act
    const imageTopics = topicOf('image-events');
    const scalingTopics = topicOf('scaling-events');
    // Assess
    assert.deepEqual(imageTopics, [DEMO_IMAGE_EVENTS_TOPIC], 'image events (CloudMonitor event rule) go to this topic');
    assert.deepEqual(scalingTopics, [DEMO_EVENTS_TOPIC], 'ESS notifications of the managed groups go to this topic');
    assert.equal(resources['reconcile']?.props.environmentVariables['ROLLGATE_EVENTS_TOPIC'] !== undefined, true);
    assert.equal(
      resolveVars(resources['reconcile']?.props.environmentVariables['ROLLGATE_EVENTS_TOPIC'] ?? '', vars),
      DEFAULT_EVENTS_TOPIC,
    );
  });

  it('subscribes every topic trigger to a topic something publishes on', () => {
    // Prepare
    const { resources, vars } = loadSYaml();
    const published = new Set([DEMO_IMAGE_EVENTS_TOPIC, DEMO_EVENTS_TOPIC, DEFAULT_EVENTS_TOPIC]);
    // Act
    const unknown = Object.entries(resources).flatMap(([name, { props }]) =>
      (props.triggers ?? [])
        .filter((t) => t.triggerType === 'mns_topic')
        .map((t) => [name, /\/topics\/([^/]+)$/.exec(resolveVars(t.sourceArn ?? '', vars))?.[1] ?? '(none)'] as const)
        .filter(([, topic]) => !published.has(topic)),
    );
    // Assess
    assert.deepEqual(unknown, []);
  });

  it('reconciles every minute from a timer trigger', () => {
    // Prepare
    const { resources } = loadSYaml();
    // Act
    const timers = (resources['reconcile']?.props.triggers ?? []).filter((t) => t.triggerType === 'timer');
    // Assess
    assert.equal(timers.length, 1);
    assert.equal(timers[0]?.triggerConfig['cronExpression'], '@every 1m');
    assert.equal(timers[0]?.triggerConfig['enable'], true);
  });
});
