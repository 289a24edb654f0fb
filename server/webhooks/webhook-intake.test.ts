import { describe, expect, it } from 'vitest';
import { openDatabase } from '@/db/client';
import { webhookRequests } from '@/db/schema';
import type { Connector, WebhookRequest } from '@/server/connectors/connector';
import { MAX_WEBHOOK_BYTES, parseWebhookParams } from './parse-webhook-body';
import { receiveWebhook } from './webhook-intake';

function fakeConnector(received: WebhookRequest[], fail = false): Connector {
  return {
    id: 'tel', vendor: 'telphin', name: 'T', webhookToken: 'right-token',
    capabilities: { record: false, answer: false, dial: false, hooks: true },
    start: () => undefined,
    stop: async () => undefined,
    receiveWebhook: (request) => {
      if (fail) throw new Error('boom');
      received.push(request);
    },
  };
}

const request = (token: string | null) => ({ connectionId: 'tel', event: 'dial-in', token, method: 'POST', params: { CallID: 'abc', EventType: 'dial-in' } });

describe('webhook intake', () => {
  it('refuses a wrong or missing token with 401 and stores nothing', () => {
    const db = openDatabase(':memory:');
    const received: WebhookRequest[] = [];
    const connectors = new Map([['tel', fakeConnector(received)]]);
    expect(receiveWebhook(db, connectors, request('wrong-token'))).toMatchObject({ status: 401 });
    expect(receiveWebhook(db, connectors, request(null))).toMatchObject({ status: 401 });
    expect(receiveWebhook(db, connectors, { ...request('right-token'), connectionId: 'nope' })).toMatchObject({ status: 404 });
    expect(db.select().from(webhookRequests).all()).toEqual([]);
    expect(received).toEqual([]);
  });

  it('stores the raw request, answers 200 first, and processes it afterwards', async () => {
    const db = openDatabase(':memory:');
    const received: WebhookRequest[] = [];
    const result = receiveWebhook(db, new Map([['tel', fakeConnector(received)]]), request('right-token'));
    expect(result).toEqual({ status: 200 });
    expect(received).toEqual([]);
    expect(db.select().from(webhookRequests).all()).toMatchObject([{ connectionId: 'tel', event: 'dial-in', params: { CallID: 'abc' } }]);
    await new Promise((resolve) => setImmediate(resolve));
    expect(received).toMatchObject([{ event: 'dial-in', params: { CallID: 'abc' } }]);
  });

  it('a connector that throws on a request does not take the intake down', async () => {
    const db = openDatabase(':memory:');
    expect(receiveWebhook(db, new Map([['tel', fakeConnector([], true)]]), request('right-token'))).toEqual({ status: 200 });
    await new Promise((resolve) => setImmediate(resolve));
  });
});

describe('webhook bodies', () => {
  const url = 'http://127.0.0.1/hooks/tel/hangup?token=secret&EventType=hangup';
  it('reads GET queries, POST forms and JSON, never keeping our token', async () => {
    expect(await parseWebhookParams(new Request(url))).toEqual({ ok: true, params: { EventType: 'hangup' } });
    const form = new Request(url, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'CallID=x&Duration=1500000&token=also' });
    expect(await parseWebhookParams(form)).toEqual({ ok: true, params: { EventType: 'hangup', CallID: 'x', Duration: '1500000' } });
    const json = new Request(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ CallID: 'y', EventTime: 1700000000000000 }) });
    expect(await parseWebhookParams(json)).toEqual({ ok: true, params: { EventType: 'hangup', CallID: 'y', EventTime: '1700000000000000' } });
  });

  it('answers malformed, oversized and unknown bodies with a 4xx', async () => {
    const post = (body: string, type: string) => new Request(url, { method: 'POST', headers: { 'content-type': type }, body });
    expect(await parseWebhookParams(post('{nope', 'application/json'))).toMatchObject({ ok: false, status: 400 });
    expect(await parseWebhookParams(post('[1,2]', 'application/json'))).toMatchObject({ ok: false, status: 400 });
    expect(await parseWebhookParams(post('x'.repeat(MAX_WEBHOOK_BYTES + 1), 'application/x-www-form-urlencoded'))).toMatchObject({ ok: false, status: 413 });
    expect(await parseWebhookParams(post('<xml/>', 'application/xml'))).toMatchObject({ ok: false, status: 415 });
  });
});
