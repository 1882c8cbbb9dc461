import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as z from 'zod';
import { flattenParams, flatOrWrapped, jsonObject, jsonStringMap, tagArray, wireNumber } from '../../shared/cloud/wire';
import { escapeXml } from '../../shared/cloud/mns';

describe('flattenParams', () => {
  it('flattens lists and nested objects like the generated SDKs', () => {
    // Act
    const flat = flattenParams({
      ScalingGroupId: 'asg-1',
      InstanceIds: ['i-1', 'i-2'],
      Tags: [
        { Key: 'a', Value: '1' },
        { Key: 'b', Value: '' },
      ],
      PageSize: 50,
      All: false,
      Missing: undefined,
      Null: null,
    });
    // Assess
    assert.deepEqual(flat, {
      ScalingGroupId: 'asg-1',
      'InstanceIds.1': 'i-1',
      'InstanceIds.2': 'i-2',
      'Tags.1.Key': 'a',
      'Tags.1.Value': '1',
      'Tags.2.Key': 'b',
      'Tags.2.Value': '',
      PageSize: '50',
      All: 'false',
    });
  });
});

describe('response field parsers', () => {
  it('accepts ESS 2022 flat lists and 2014 wrapped lists alike', () => {
    // Prepare
    const schema = flatOrWrapped(z.object({ Id: z.string() }), 'Item');
    // Act + Assess
    assert.deepEqual(schema.parse([{ Id: 'a' }]), [{ Id: 'a' }]);
    assert.deepEqual(schema.parse({ Item: [{ Id: 'b' }] }), [{ Id: 'b' }]);
    assert.deepEqual(schema.parse(undefined), []);
    assert.deepEqual(schema.parse({}), []);
    const bad = schema.safeParse({ Item: [{ Id: 1 }] });
    assert.equal(bad.success, false);
    assert.deepEqual(bad.error?.issues[0]?.path, ['Item', 0, 'Id']);
  });

  it('reads JSON objects sent as objects or as strings', () => {
    assert.deepEqual(jsonObject.parse('{"a":1}'), { a: 1 });
    assert.deepEqual(jsonObject.parse({ a: 2 }), { a: 2 });
    assert.deepEqual(jsonObject.parse(''), {});
    assert.deepEqual(jsonObject.parse(undefined), {});
    assert.equal(jsonObject.safeParse('[1,2]').success, false);
    assert.equal(jsonObject.safeParse('not json').success, false);
    assert.deepEqual(jsonStringMap.parse('{"k":"v","n":3}'), { k: 'v', n: '3' });
  });

  it('reads tags as TagKey/TagValue lists, wrapped or flat', () => {
    assert.deepEqual(tagArray.parse([{ TagKey: 'a', TagValue: '1' }]), { a: '1' });
    assert.deepEqual(tagArray.parse({ Tag: [{ TagKey: 'b' }] }), { b: '' });
    assert.deepEqual(tagArray.parse(undefined), {});
  });

  it('reads numbers sent as strings, and nothing else', () => {
    assert.equal(wireNumber.parse('42'), 42);
    assert.equal(wireNumber.parse(7), 7);
    assert.equal(wireNumber.safeParse('4x').success, false);
  });
});

describe('escapeXml', () => {
  it('escapes the characters that would break the MNS message document', () => {
    assert.equal(escapeXml('{"a":"<b> & c"}'), '{"a":"&lt;b&gt; &amp; c"}');
  });
});
