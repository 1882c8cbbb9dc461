import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, createVerify } from 'node:crypto';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { startMnsCloud } from './local-cloud';

// The MNS admin API under /_local/mns, and the signature on HTTP pushes.

describe('MNS admin API', () => {
  let cloud: Awaited<ReturnType<typeof startMnsCloud>>;
  before(async () => {
    cloud = await startMnsCloud();
  });
  after(() => cloud.close());

  const admin = (path: string, init?: RequestInit) => fetch(`${cloud.url}/_local/mns${path}`, init);

  it('shows what was published to a topic and what became of each delivery', async () => {
    // Prepare
    const mns = cloud.mns();
    mns.ensureTopic('history');
    mns.ensureQueue('history-q');
    mns.topics.subscribe('history', 'q', { endpoint: `acs:mns:${cloud.regionId}:${cloud.accountId}:queues/history-q` });
    // Act
    const messageId = mns.publish('history', 'one', 'tag-a');
    cloud.cloud.clock.advance(0);
    const res = await admin('/topics/history/messages');
    // Assess
    assert.equal(res.status, 200);
    const body = (await res.json()) as Array<{
      messageId: string;
      body: string;
      tag: string;
      deliveries: Array<{ subscriptionName: string; status: string }>;
    }>;
    assert.deepEqual(
      body.map((m) => ({
        messageId: m.messageId,
        body: m.body,
        tag: m.tag,
        deliveries: m.deliveries.map((d) => [d.subscriptionName, d.status]),
      })),
      [{ messageId, body: 'one', tag: 'tag-a', deliveries: [['q', 'delivered']] }],
    );
  });

  it('sets, shows and clears delivery faults, and rejects a bad configuration', async () => {
    // Act
    const set = await admin('/faults', { method: 'PUT', body: JSON.stringify({ seed: 3, drop: 1 }) });
    const mns = cloud.mns();
    mns.ensureTopic('lossy');
    mns.ensureQueue('lossy-q');
    mns.topics.subscribe('lossy', 'q', { endpoint: `acs:mns:${cloud.regionId}:${cloud.accountId}:queues/lossy-q` });
    mns.publish('lossy', 'gone');
    cloud.cloud.clock.advance(0);
    const view = (await (await admin('/faults')).json()) as { config?: { drop: number }; counts: { dropped: number } };
    const bad = await admin('/faults', { method: 'PUT', body: JSON.stringify({ drop: 2 }) });
    const cleared = await admin('/faults', { method: 'DELETE' });
    // Assess
    assert.equal(set.status, 200);
    await set.arrayBuffer();
    assert.equal(view.config?.drop, 1);
    assert.equal(view.counts.dropped, 1);
    assert.equal(mns.queues.receive('lossy-q', 1).length, 0);
    assert.equal(bad.status, 400);
    await bad.arrayBuffer();
    assert.equal(cleared.status, 204);
    assert.equal(((await (await admin('/faults')).json()) as { config?: unknown }).config, undefined);
  });

  it('answers 404 with the MNS code for an unknown topic', async () => {
    const res = await admin('/topics/nope/messages');
    assert.equal(res.status, 404);
    assert.equal(((await res.json()) as { code: string }).code, 'TopicNotExist');
  });

  it('signs HTTP pushes so the key served at x-mns-signing-cert-url verifies them', async () => {
    // Prepare
    const seen: Array<{ headers: IncomingHttpHeaders; body: string; path: string }> = [];
    const receiver = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        seen.push({ headers: req.headers, body: Buffer.concat(chunks).toString('utf8'), path: req.url ?? '' });
        res.statusCode = 204;
        res.end();
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    try {
      const port = (receiver.address() as AddressInfo).port;
      // A signed MNS request teaches the model the cloud's address (what the cert URL points at).
      await fetch(`${cloud.url}/topics`, { headers: { 'x-mns-version': '2015-06-06' } }).then((r) => r.arrayBuffer());
      const mns = cloud.mns();
      mns.ensureTopic('pushed');
      mns.topics.subscribe('pushed', 'http', {
        endpoint: `http://127.0.0.1:${port}/notifications`,
        notifyContentFormat: 'SIMPLIFIED',
      });
      // Act
      const messageId = mns.publish('pushed', 'signed body', 'tag-s');
      cloud.cloud.clock.advance(0);
      await mns.idle();
      // Assess
      const push = seen[0];
      assert.ok(push);
      assert.equal(push.body, 'signed body');
      assert.equal(push.headers['x-mns-message-id'], messageId);
      assert.equal(push.headers['x-mns-message-tag'], 'tag-s');
      const certUrl = Buffer.from(String(push.headers['x-mns-signing-cert-url']), 'base64').toString('utf8');
      assert.equal(certUrl, `${cloud.url}/_local/mns/signing-cert`);
      const publicKey = await (await fetch(certUrl)).text();
      const mnsHeaders = Object.keys(push.headers)
        .filter((k) => k.startsWith('x-mns-'))
        .sort()
        .map((k) => `${k}:${String(push.headers[k])}\n`)
        .join('');
      const stringToSign = `POST\n${push.headers['content-md5']}\n${push.headers['content-type']}\n${push.headers['date']}\n${mnsHeaders}${push.path}`;
      assert.ok(
        createVerify('RSA-SHA1')
          .update(stringToSign)
          .verify(publicKey, String(push.headers['authorization']), 'base64'),
      );
      assert.equal(
        push.headers['content-md5'],
        Buffer.from(createHash('md5').update('signed body').digest('hex')).toString('base64'),
      );
    } finally {
      receiver.close();
    }
  });
});
