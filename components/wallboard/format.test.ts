import { describe, expect, it } from 'vitest';
import type { CallView, ExtensionView } from '@/lib/board';
import { agentLabels, formatDuration, primaryCall, recordableCall, secondsSince } from './format';

function call(id: string, state: CallView['state']): CallView {
  return {
    id,
    vendorCallId: id,
    direction: 'inbound',
    peer: { number: '5550100', name: null },
    state,
    startedAt: '2025-01-01T10:00:00.000Z',
    answeredAt: null,
    queueId: null,
    recording: 'off',
    canAnswer: false,
  };
}

function ext(state: ExtensionView['state'], calls: CallView[]): ExtensionView {
  return { id: 'hq:100', connectionId: 'hq', number: '100', name: null, kind: 'phone', state, since: '2025-01-01T10:00:00.000Z', calls };
}

describe('formatDuration', () => {
  it('formats minutes and hours', () => {
    expect(formatDuration(0)).toBe('0:00');
    expect(formatDuration(65.9)).toBe('1:05');
    expect(formatDuration(3600 + 62)).toBe('1:01:02');
    expect(formatDuration(-4)).toBe('0:00');
  });
});

describe('secondsSince', () => {
  it('is null without a clock or a valid time', () => {
    expect(secondsSince('2025-01-01T10:00:00.000Z', 0)).toBeNull();
    expect(secondsSince('garbage', Date.now())).toBeNull();
    expect(secondsSince('2025-01-01T10:00:00.000Z', Date.parse('2025-01-01T10:01:30.000Z'))).toBe(90);
  });
});

describe('call picking', () => {
  it('shows the leg matching the extension state and records the first talking or held leg', () => {
    const ringing = call('a', 'ringing');
    const held = call('b', 'held');
    const talking = call('c', 'talking');
    const e = ext('talking', [ringing, held, talking]);
    expect(primaryCall(e)).toBe(talking);
    expect(recordableCall(e)).toBe(held);
    expect(recordableCall(ext('ringing', [ringing]))).toBeUndefined();
  });
});

describe('agentLabels', () => {
  it('labels only the agents the queues list, skipping ids the board does not have', () => {
    const ext = { id: 'hq:201', connectionId: 'hq', number: '201', name: 'Ann', kind: 'phone', state: 'talking', since: '', calls: [] } as const;
    const agent = (extensionId: string) => ({ extensionId, callId: 'c', state: 'talking' as const, since: '' });
    const queue = { id: 'q', connectionId: 'hq', number: '600', name: null, waiting: [], agents: [agent('hq:201'), agent('hq:999')], today: { offered: 0, answered: 0, abandoned: 0, longestWaitS: 0, serviceLevelPct: null } };
    const labels = agentLabels([queue], (id) => (id === ext.id ? { ...ext, calls: [] } : undefined));
    expect([...labels]).toEqual([['hq:201', '201 Ann']]);
  });
});
