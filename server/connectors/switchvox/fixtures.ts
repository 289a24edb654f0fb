/**
 * Test fixtures built from the sequences of switchvox.md §7.2 / §7.3, with the full §5.2 member set
 * on every notification. Accounts: 101 = 1101, 102 = 1102, 103 = 1103, all watched; queue 600 = 1600.
 * uniqueIds are in Switchvox style (`"<epoch s>.<seq>"`), so parsing them as floats would break.
 */
import { LINE_TOPIC } from './schema';

export const SERVER_UUID = '3c1f5a7e-0000-4000-8000-00000000c0de';
export const ACCOUNTS = [
  { accountId: 1101, extension: '101', name: 'Zoë Ångström' },
  { accountId: 1102, extension: '102', name: 'Bob' },
  { accountId: 1103, extension: '103' },
];
export const QUEUES = [{ accountId: 1600, extension: '600', name: 'Sales' }];
/** 2024-05-01T10:00:00Z on the PBX clock. */
export const T0 = Date.parse('2024-05-01T10:00:00.000Z');

export const account = (accountId: number) => ({ accountId, serverUuid: SERVER_UUID });
export const EXTERNAL = { name: 'Jane Doe', number: '8585551212' };
/** A Remote that is an extension on this PBX. */
export const internal = (extension: string, name = '') => ({ name, number: extension, account: account(1000 + Number(extension)) });

export interface LineInput {
  uniqueId: string;
  accountId: number;
  status: string;
  /** PBX epoch ms (or any other Timestamp form, §6.4). */
  serverTime: unknown;
  direction?: string;
  remotes?: unknown[];
  startTime?: unknown;
  dialData?: unknown;
  conference?: unknown;
  intercom?: boolean;
  displayUrl?: string | null;
  queueId?: unknown;
}

/** The `params` of one line notification with every §5.2 member present. */
export function line(input: LineInput): Record<string, unknown> {
  const { accountId, ...rest } = input;
  return {
    account: account(accountId),
    endpoint: { convergedDeviceId: 1, label: 'Main Extension' },
    direction: 'fromPbx',
    remotes: [],
    startTime: input.serverTime,
    dialData: null,
    conference: null,
    intercom: false,
    displayUrl: null,
    queueId: null,
    ...rest,
  };
}

/** The binding envelope (§5.1). */
export function notification(params: Record<string, unknown>): Record<string, unknown> {
  return { jsonrpc: '2.0', method: LINE_TOPIC, params };
}

type Step = [status: string, extra?: Partial<Omit<LineInput, 'uniqueId' | 'accountId'>>];

/** One line's notifications, 1 s apart from `start`; every step inherits `base` unless it overrides. */
export function steps(base: Omit<LineInput, 'status' | 'serverTime'>, start: number, list: Step[]): Record<string, unknown>[] {
  return list.map(([status, extra], i) =>
    notification(line({ ...base, startTime: start, status, serverTime: start + i * 1000, ...extra })),
  );
}

const ext = EXTERNAL;

/** §7.2 and §7.3, one array of notifications per scenario, in emission order. */
export const sequences = {
  /** External caller → 101, answered. */
  inboundAnswered: steps({ uniqueId: '1714557600.101', accountId: 1101, direction: 'fromPbx', remotes: [ext] }, T0, [
    ['ringing'],
    ['onThePhone'],
    ['idle'],
  ]),
  /** Missed / answered elsewhere / abandoned: `ringing` → `idle`. */
  inboundMissed: steps({ uniqueId: '1714557600.102', accountId: 1101, direction: 'fromPbx', remotes: [ext] }, T0, [['ringing'], ['idle']]),
  /** 101 dials 102; 102 sees its own ringing line. */
  outbound101: steps({ uniqueId: '1714557600.110', accountId: 1101, direction: 'toPbx' }, T0, [
    ['starting'],
    ['calling', { remotes: [internal('102', 'Bob')] }],
    ['onThePhone', { remotes: [internal('102', 'Bob')] }],
    ['idle', { remotes: [internal('102', 'Bob')] }],
  ]),
  outbound102: steps({ uniqueId: '1714557600.111', accountId: 1102, remotes: [internal('101', 'Zoë Ångström')] }, T0 + 1000, [
    ['ringing'],
    ['onThePhone'],
    ['idle'],
  ]),
  /** 101 calls out to the PSTN; busy / no answer: `starting` → `calling` → `idle`. */
  outboundExternalUnanswered: steps({ uniqueId: '1714557600.112', accountId: 1101, direction: 'toPbx' }, T0, [
    ['starting'],
    ['calling', { remotes: [ext] }],
    ['idle', { remotes: [ext] }],
  ]),
  hold: steps({ uniqueId: '1714557600.120', accountId: 1101, direction: 'fromPbx', remotes: [ext] }, T0, [
    ['ringing'],
    ['onThePhone'],
    ['onHold'],
    ['onThePhone'],
    ['idle'],
  ]),
  /** 101 talking to X transfers X to 102: 101's line ends, 102 gets a new line. */
  blindTransfer101: steps({ uniqueId: '1714557600.130', accountId: 1101, direction: 'fromPbx', remotes: [ext] }, T0, [
    ['ringing'],
    ['onThePhone'],
    ['idle'],
  ]),
  blindTransfer102: steps({ uniqueId: '1714557600.131', accountId: 1102, direction: 'fromPbx', remotes: [ext] }, T0 + 2500, [
    ['ringing'],
    ['onThePhone'],
    ['idle'],
  ]),
  /**
   * Attended: 101's line A with X goes on hold; new line B calls 102; on completion A and B end and
   * 102's existing line keeps its uniqueId while its remote changes from 101 to X.
   */
  attended: [
    ...steps({ uniqueId: '1714557600.140', accountId: 1101, direction: 'fromPbx', remotes: [ext] }, T0, [['onThePhone'], ['onHold']]),
    ...steps({ uniqueId: '1714557600.141', accountId: 1101, direction: 'toPbx' }, T0 + 2000, [
      ['starting'],
      ['calling', { remotes: [internal('102', 'Bob')] }],
      ['onThePhone', { remotes: [internal('102', 'Bob')] }],
    ]),
    ...steps({ uniqueId: '1714557600.142', accountId: 1102, direction: 'fromPbx', remotes: [internal('101')] }, T0 + 3000, [
      ['ringing'],
      ['onThePhone'],
      ['onThePhone', { remotes: [ext] }],
    ]),
    ...steps({ uniqueId: '1714557600.140', accountId: 1101, direction: 'fromPbx', remotes: [ext] }, T0 + 7000, [['idle']]),
    ...steps({ uniqueId: '1714557600.141', accountId: 1101, direction: 'toPbx', remotes: [internal('102', 'Bob')] }, T0 + 7000, [['idle']]),
  ],
  conference: steps({ uniqueId: '1714557600.150', accountId: 1103, direction: 'toPbx' }, T0, [
    ['starting'],
    ['onThePhone', { conference: { extension: '8000', name: 'Sales bridge' }, remotes: [] }],
    ['onThePhone', { conference: { extension: '8000', name: 'Sales bridge' }, remotes: [ext, internal('102')] }],
    ['idle', { conference: null }],
  ]),
  /** Queue 600 rings 101 and 102 at once (ring-all); 101 answers, 102's line goes idle. */
  queueRingAll: [
    ...steps({ uniqueId: '1714557600.160', accountId: 1101, remotes: [ext], queueId: account(1600) }, T0, [['ringing']]),
    ...steps({ uniqueId: '1714557600.161', accountId: 1102, remotes: [ext], queueId: account(1600) }, T0, [['ringing']]),
    ...steps({ uniqueId: '1714557600.160', accountId: 1101, remotes: [ext], queueId: account(1600) }, T0 + 2000, [['onThePhone']]),
    ...steps({ uniqueId: '1714557600.161', accountId: 1102, remotes: [ext], queueId: account(1600) }, T0 + 2000, [['idle']]),
    ...steps({ uniqueId: '1714557600.160', accountId: 1101, remotes: [ext], queueId: account(1600) }, T0 + 9000, [['idle']]),
  ],
  /** Intercom: the originator dials, the target is auto-answered (no ringing). */
  intercomOriginator: steps({ uniqueId: '1714557600.170', accountId: 1101, direction: 'toPbx', intercom: true }, T0, [
    ['starting'],
    ['calling', { remotes: [internal('102', 'Bob')] }],
    ['onThePhone', { remotes: [internal('102', 'Bob')] }],
    ['idle', { remotes: [internal('102', 'Bob')] }],
  ]),
  intercomTarget: steps({ uniqueId: '1714557600.171', accountId: 1102, intercom: true, remotes: [internal('101')] }, T0 + 2000, [
    ['onThePhone'],
    ['idle'],
  ]),
  /** §7.3: 101 sends `dial { extension: "8585551212", dialData: D }`. */
  dial: steps({ uniqueId: '1714557600.180', accountId: 1101, direction: 'fromPbx', dialData: { linesightRequestId: 'req-1' } }, T0, [
    ['ringing'],
    ['calling', { remotes: [{ name: '', number: '8585551212' }] }],
    ['onThePhone', { remotes: [{ name: '', number: '8585551212' }] }],
    ['idle', { remotes: [{ name: '', number: '8585551212' }] }],
  ]),
  /** §7.3: 101 does not answer its own ringing device; the destination is never dialled. */
  dialUnanswered: steps({ uniqueId: '1714557600.181', accountId: 1101, direction: 'fromPbx', dialData: { linesightRequestId: 'req-2' } }, T0, [
    ['ringing'],
    ['idle'],
  ]),
};
