import { describe, expect, it } from 'vitest';
import { line, notification, SERVER_UUID, T0 } from './fixtures';
import { isSwitchvoxStatus, parseTimestamp, ZAccountObject, ZLineEvent, ZNotification, ZRemote, ZRpcResponse } from './schema';

describe('Switchvox Timestamp (§6.4)', () => {
  it.each<[string, unknown, number | null]>([
    ['epoch ms', T0, T0],
    ['epoch seconds (< 10^11)', T0 / 1000, T0],
    ['fractional seconds', T0 / 1000 + 0.25, T0 + 250],
    ['ISO-8601 with zone', '2024-05-01T10:00:00.000Z', T0],
    ['ISO-8601 with offset', '2024-05-01T12:00:00+02:00', T0],
    ['a digit string in ms', String(T0), T0],
    ['a digit string in seconds', String(T0 / 1000), T0],
    ['garbage text', 'yesterday', null],
    ['empty text', '', null],
    ['null', null, null],
    ['a boolean', true, null],
    ['a negative number', -5, null],
    ['NaN', Number.NaN, null],
  ])('%s', (_name, input, expected) => {
    expect(parseTimestamp(input)).toBe(expected);
  });
});

describe('Switchvox schemas (§11.8: strict identity, tolerant elsewhere)', () => {
  it('parses a full line event and keeps unknown members', () => {
    const full = line({ uniqueId: '1714557600.1', accountId: 1101, status: 'ringing', serverTime: T0 });
    const parsed = ZLineEvent.parse({ ...full, futureField: [1, 2] });
    expect(parsed).toMatchObject({
      uniqueId: '1714557600.1',
      account: { accountId: 1101, serverUuid: SERVER_UUID },
      endpoint: { convergedDeviceId: 1, label: 'Main Extension' },
      status: 'ringing',
      direction: 'fromPbx',
      remotes: [],
      startTime: T0,
      serverTime: T0,
      dialData: null,
      conference: null,
      intercom: false,
      displayUrl: null,
      queueId: null,
      futureField: [1, 2],
    });
  });

  it('reads absent optional members as null and keeps unknown status and direction raw', () => {
    const parsed = ZLineEvent.parse({ uniqueId: 'a', account: { accountId: 7 }, status: 'onTheMoon', direction: 'sideways', serverTime: T0 });
    expect(parsed).toMatchObject({
      status: 'onTheMoon',
      direction: 'sideways',
      remotes: [],
      endpoint: null,
      startTime: null,
      dialData: null,
      conference: null,
      intercom: false,
      displayUrl: null,
      queueId: null,
      account: { accountId: 7, serverUuid: null },
    });
    expect(isSwitchvoxStatus(parsed.status)).toBe(false);
    expect(isSwitchvoxStatus('onThePhone')).toBe(true);
    expect(isSwitchvoxStatus('onthephone')).toBe(false);
  });

  it('tolerates odd optional members rather than losing the notification', () => {
    const parsed = ZLineEvent.parse({
      uniqueId: 'a',
      account: { accountId: '1101' },
      status: 'onThePhone',
      serverTime: String(T0),
      startTime: 'not a time',
      remotes: [null, 'x', { number: 8585551212 }, { name: 'Zoë', number: '101', account: { accountId: 'bad' } }],
      conference: true,
      queueId: { accountId: 'nope' },
      intercom: 'yes',
      displayUrl: '',
      endpoint: 'desk',
      dialData: { linesightRequestId: 'r' },
    });
    expect(parsed).toMatchObject({
      account: { accountId: 1101 },
      serverTime: T0,
      startTime: null,
      remotes: [
        { name: '', number: '8585551212', account: null },
        { name: 'Zoë', number: '101', account: null },
      ],
      conference: { extension: null, name: null },
      queueId: null,
      intercom: false,
      displayUrl: null,
      endpoint: null,
      dialData: { linesightRequestId: 'r' },
    });
  });

  it.each<[string, Record<string, unknown>]>([
    ['uniqueId missing', { uniqueId: undefined }],
    ['uniqueId empty', { uniqueId: ' ' }],
    ['uniqueId a number', { uniqueId: 1546623744.1234 }],
    ['status missing', { status: undefined }],
    ['status empty', { status: '' }],
    ['account missing', { account: undefined }],
    ['accountId not numeric', { account: { accountId: 'abc' } }],
    ['serverTime invalid', { serverTime: 'soon' }],
  ])('rejects a line event with %s', (_name, patch) => {
    const base = line({ uniqueId: '1.1', accountId: 1101, status: 'ringing', serverTime: T0 });
    expect(ZLineEvent.safeParse({ ...base, ...patch }).success).toBe(false);
  });

  it('reads conference as an object, true, a bare extension, or falsy', () => {
    const base = { uniqueId: 'a', account: { accountId: 1 }, status: 'onThePhone', serverTime: T0 };
    const conf = (conference: unknown) => ZLineEvent.parse({ ...base, conference }).conference;
    expect(conf({ extension: '8000', name: 'Sales bridge', members: 3 })).toEqual({ extension: '8000', name: 'Sales bridge', members: 3 });
    expect(conf({ extension: 8000 })).toEqual({ extension: '8000', name: null });
    expect(conf(true)).toEqual({ extension: null, name: null });
    expect(conf('8000')).toEqual({ extension: '8000', name: null });
    expect(conf(false)).toBeNull();
    expect(conf('')).toBeNull();
    expect(conf(null)).toBeNull();
  });

  it('AccountObject: integer or numeric string, serverUuid optional, unknown members kept', () => {
    expect(ZAccountObject.parse({ accountId: 1106 })).toEqual({ accountId: 1106, serverUuid: null });
    expect(ZAccountObject.parse({ accountId: ' 1106 ', serverUuid: 'u', extra: 1 })).toEqual({ accountId: 1106, serverUuid: 'u', extra: 1 });
    expect(ZAccountObject.safeParse({ accountId: 1.5 }).success).toBe(false);
    expect(ZAccountObject.safeParse({}).success).toBe(false);
  });

  it('Remote: name and number may be empty or missing; Unicode kept', () => {
    expect(ZRemote.parse({})).toEqual({ name: '', number: '', account: null });
    expect(ZRemote.parse({ name: 'Jürgen Müller-Łódź 山田', number: '+4930' }).name).toBe('Jürgen Müller-Łódź 山田');
  });

  it('notification envelope: params or result, method optional, id flagged', () => {
    const params = line({ uniqueId: '1.1', accountId: 1101, status: 'ringing', serverTime: T0 });
    expect(ZNotification.parse(notification(params))).toEqual({ topic: 'state.change.extension.line', data: params, hasId: false });
    const deviant = { jsonrpc: '2.0', result: params, id: 3 };
    expect(ZNotification.parse(deviant)).toEqual({ topic: 'state.change.extension.line', data: params, hasId: true });
    expect(ZNotification.safeParse({ jsonrpc: '2.0', method: 'x', params: [1] }).success).toBe(false);
    expect(ZNotification.safeParse({ jsonrpc: 2, method: 'x', params }).success).toBe(false);
  });

  it('response: result or error with a code; message optional, data ignored', () => {
    expect(ZRpcResponse.parse({ jsonrpc: '2.0', id: 7, result: true })).toMatchObject({ id: 7, result: true });
    const withData = ZRpcResponse.parse({ jsonrpc: '2.0', id: '7', error: { code: -32001, data: { x: 1 } } });
    expect(withData).toMatchObject({ id: '7', error: { code: -32001 } });
    const nullId = ZRpcResponse.parse({ jsonrpc: '2.0', id: null, error: { code: -32600, message: 'Invalid Request' } });
    expect(nullId.error?.message).toBe('Invalid Request');
    expect(ZRpcResponse.safeParse({ jsonrpc: '2.0', result: true }).success).toBe(false);
    expect(ZRpcResponse.safeParse({ jsonrpc: '2.0', id: 1, error: { message: 'no code' } }).success).toBe(false);
  });
});
