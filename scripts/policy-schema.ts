// Writes docs/policy.schema.json from the policy's zod schema (`npm run schema`).
import { writeFileSync } from 'node:fs';
import { policyJsonSchemaText } from '../shared/domain/policy-json-schema';

const target = new URL('../docs/policy.schema.json', import.meta.url);
writeFileSync(target, policyJsonSchemaText());
console.log(`wrote ${target.pathname}`);
