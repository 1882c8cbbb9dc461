import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { describe, it } from 'node:test';
import { campaignIdFor, clientTokenFor, sha256Hex, stableId } from '../../shared/domain/index';

describe('sha256Hex', () => {
  // Lengths around the 55/56/64-byte padding boundaries, multi-block input and non-ASCII text.
  const inputs = [
    '',
    'abc',
    'a'.repeat(55),
    'a'.repeat(56),
    'a'.repeat(63),
    'a'.repeat(64),
    'a'.repeat(65),
    'x'.repeat(1000),
    '滚动升级 rollgate ✓',
  ];
  for (const input of inputs) {
    it(`matches node:crypto for ${JSON.stringify(input.slice(0, 12))} (${input.length} chars)`, () => {
      assert.equal(sha256Hex(input), createHash('sha256').update(input, 'utf8').digest('hex'));
    });
  }
});

describe('deterministic ids', () => {
  it('ClientToken is the same for the same (group, predecessor execution) and at most 64 ASCII characters', () => {
    // Act
    const first = clientTokenFor('asg-1', 'exec-1');
    const again = clientTokenFor('asg-1', 'exec-1');
    // Assess
    assert.equal(first, again);
    assert.ok(first.length <= 64);
    assert.match(first, /^[\x21-\x7e]+$/);
  });

  it('ClientToken differs when any part differs', () => {
    const base = clientTokenFor('asg-1', 'exec-1');
    assert.notEqual(clientTokenFor('asg-2', 'exec-1'), base);
    assert.notEqual(clientTokenFor('asg-1', 'exec-2'), base);
    assert.notEqual(clientTokenFor('asg-1', undefined), base);
    assert.equal(clientTokenFor('asg-1', undefined), clientTokenFor('asg-1', undefined), 'a group without executions');
  });

  it('campaign id depends on target, kind and revision only', () => {
    assert.equal(campaignIdFor('app', 'image', 'm-new'), campaignIdFor('app', 'image', 'm-new'));
    assert.match(campaignIdFor('app', 'image', 'm-new'), /^camp-[0-9a-f]{12}$/);
    assert.notEqual(campaignIdFor('app', 'image', 'm-new'), campaignIdFor('web', 'image', 'm-new'));
  });

  it('separators inside parts cannot make two id inputs collide', () => {
    assert.notEqual(stableId('x-', ['a|b', 'c']), stableId('x-', ['a', 'b|c']));
  });
});
