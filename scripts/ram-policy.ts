// Writes docs/ram-policy.json (`npm run ram-policy`): the function role's RAM
// policy for the example policy file, from the actions shared/cloud calls.
// Another policy file: `npm run ram-policy -- path/to/rollgate.yaml` prints its document instead.
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { ramPolicyText } from '../shared/cloud/ram-policy';
import { DEFAULT_EVENTS_TOPIC, DEFAULT_GATE_FUNCTION } from '../shared/config';
import { parsePolicy } from '../shared/domain/policy';

export const RAM_POLICY_FILE = fileURLToPath(new URL('../docs/ram-policy.json', import.meta.url));
export const EXAMPLE_POLICY_FILE = fileURLToPath(new URL('../rollgate.yaml', import.meta.url));

export function ramPolicyForFile(policyFile: string): string {
  const parsed = parsePolicy(readFileSync(policyFile, 'utf8'));
  if (!parsed.ok)
    throw new Error(`${policyFile}: ${parsed.errors.map((e) => `${e.path || '(root)'}: ${e.message}`).join('; ')}`);
  return ramPolicyText({
    policy: parsed.policy,
    eventsTopic: DEFAULT_EVENTS_TOPIC,
    gateFunction: DEFAULT_GATE_FUNCTION,
  });
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const other = process.argv[2];
  if (other === undefined) {
    writeFileSync(RAM_POLICY_FILE, ramPolicyForFile(EXAMPLE_POLICY_FILE));
    console.log(`wrote ${RAM_POLICY_FILE}`);
  } else {
    process.stdout.write(ramPolicyForFile(other));
  }
}
