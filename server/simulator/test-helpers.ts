import { ManualClock } from './engine/clock';
import { startSimulator, type RunningSimulator, type SimulatorOptions } from './index';
import type { NoojeeEntry, NoojeeStatus } from './noojee/call-data';

export const TEST_KEY = 'f863246a-973e-11e6-8784-08002718f5b5';

export interface TestSim {
  sim: RunningSimulator;
  clock: ManualClock;
}

/** A simulator on free loopback ports, manual engine clock, 5 ms reply floor. */
export async function startTestSim(extra: Partial<SimulatorOptions> = {}): Promise<TestSim> {
  const clock = new ManualClock();
  const sim = await startSimulator({ noojeeApiKey: TEST_KEY, noojeeMinReplyMs: 5, clock, traffic: false, ...extra });
  return { sim, clock };
}

export interface ApiResult {
  status: number;
  type: string;
  text: string;
  json: Record<string, unknown>;
  ms: number;
}

/** Calls a Noojee method the way the vendor client does: POST, query-string params, empty body. */
export async function noojee(sim: RunningSimulator, method: string, params: Record<string, string>, init: RequestInit = {}): Promise<ApiResult> {
  const query = new URLSearchParams({ apiKey: TEST_KEY, ...params });
  const started = Date.now();
  const res = await fetch(`${sim.urls.noojee}/servicemanager/rest/CallManagementAPI/${method}?${query}`, { method: 'POST', ...init });
  const text = await res.text();
  let json: Record<string, unknown> = {};
  try {
    json = JSON.parse(text) as Record<string, unknown>;
  } catch {
    // Non-JSON bodies (HTML pages, faults) are checked through `text`.
  }
  return { status: res.status, type: res.headers.get('content-type') ?? '', text, json, ms: Date.now() - started };
}

export interface SubscribeReply {
  Data: Record<string, NoojeeEntry[]>;
  seq: number;
  Code: number;
}

export async function subscribe(sim: RunningSimulator, extensions: string[], last: number, timeOut = 0): Promise<SubscribeReply & { ms: number }> {
  const r = await noojee(sim, 'subscribe', { exten: extensions.join(','), lastSequenceNumber: String(last), timeOut: String(timeOut) });
  return { ...(r.json as unknown as SubscribeReply), ms: r.ms };
}

/** `{ "214": ["Ringing", "Connected", "Hungup"] }` */
export function statuses(reply: SubscribeReply): Record<string, NoojeeStatus[]> {
  return Object.fromEntries(Object.entries(reply.Data).map(([ext, entries]) => [ext, entries.map((e) => e.CallData.status)]));
}

export async function control(sim: RunningSimulator, method: string, path: string, body?: unknown): Promise<{ status: number; json: Record<string, unknown> }> {
  const res = await fetch(`${sim.urls.control}${path}`, {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, json: (await res.json()) as Record<string, unknown> };
}
