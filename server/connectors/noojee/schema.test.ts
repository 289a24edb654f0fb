import { describe, expect, it } from 'vitest';
import { parseCallStartTime } from './call-start-time';
import { bindingDialingOut, emptyPoll, sample } from './fixtures';
import { ZCallData, ZDialResponse, ZResult, ZSubscribeEntry, ZSubscribeResponse } from './schema';

describe('Noojee schemas (§7.4: lenient)', () => {
  it('parses the sample replies with top-level seq and per-entry CallID/Code', () => {
    const parsed = ZSubscribeResponse.parse(sample.first);
    expect(parsed.seq).toBe(32);
    expect(ZSubscribeEntry.parse(parsed.Data['410']?.[0])).toMatchObject({ CallID: 10, Code: 0, CallData: { canAnswer: true } });
  });

  it('keeps unknown fields and defaults an absent canAnswer to false', () => {
    const entry = ZSubscribeEntry.parse(bindingDialingOut.Data['115'][0]);
    expect(entry.CallData.canAnswer).toBe(false);
    expect(entry.CallData.outboundDestination).toBe('106');
    const loose = ZCallData.parse({ status: 'Ringing', uniqueCallId: '1.2', somethingNew: 42 });
    expect(loose).toMatchObject({ somethingNew: 42, callerId: '', isQueueCall: false });
    expect(loose.inbound).toBeUndefined();
  });

  it('accepts Data missing, null or {} and a lone entry object', () => {
    expect(ZSubscribeResponse.parse(emptyPoll).Data).toEqual({});
    expect(ZSubscribeResponse.parse({ seq: 3, Code: 0 }).Data).toEqual({});
    expect(ZSubscribeResponse.parse({ seq: 3, Code: 0, Data: null }).Data).toEqual({});
    expect(ZSubscribeResponse.parse({ seq: '3', Code: '0', Data: { '410': { CallData: {} } } }).Data['410']).toHaveLength(1);
  });

  it('rejects a reply without seq', () => {
    expect(ZSubscribeResponse.safeParse({ Data: {}, Code: 0 }).success).toBe(false);
  });

  it('reads SessionID as a number or a string (A11)', () => {
    expect(ZDialResponse.parse({ SessionID: 1234, Message: 'ok', Code: 0 }).SessionID).toBe('1234');
    expect(ZDialResponse.parse({ SessionID: '1234', Code: 0 }).SessionID).toBe('1234');
    expect(ZResult.parse({ Message: 'Expired TimeStamp', Code: -1 })).toMatchObject({ Code: -1, Message: 'Expired TimeStamp' });
  });

  it.each([
    ['', null],
    ['2024-05-01 10:02', '2024-05-01T10:02:00'],
    ['2024-05-01 10:02:03', '2024-05-01T10:02:03'],
    ['2024-05-01T10:02:03', '2024-05-01T10:02:03'],
    ['2024-05-01 10:02:03.5', '2024-05-01T10:02:03'],
    ['yesterday', null],
    ['2024-13-01 10:02', null],
  ])('parses callStartTime %j leniently (A12)', (input, expected) => {
    expect(parseCallStartTime(input)).toBe(expected);
    expect(ZCallData.parse({ status: 'Connected', uniqueCallId: '1.2', callStartTime: input }).callStartTime).toBe(expected);
  });
});
