import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { policyJsonSchemaText } from '../../shared/domain/index';

describe('docs/policy.schema.json', () => {
  it('equals the schema generated from the zod policy (run `npm run schema` after changing it)', () => {
    // Prepare
    const committed = readFileSync(new URL('../../docs/policy.schema.json', import.meta.url), 'utf8');
    // Act
    const generated = policyJsonSchemaText();
    // Assess
    assert.equal(committed, generated);
  });

  it('rejects unknown keys and lists the documented top-level keys', () => {
    const schema: unknown = JSON.parse(policyJsonSchemaText());
    assert.ok(typeof schema === 'object' && schema !== null);
    const record = schema as { additionalProperties?: unknown; properties?: Record<string, unknown> };
    assert.equal(record.additionalProperties, false);
    assert.deepEqual(Object.keys(record.properties ?? {}).sort(), [
      'freeze',
      'maxConcurrentGroups',
      'notifications',
      'region',
      'targets',
      'version',
      'windows',
    ]);
  });
});
