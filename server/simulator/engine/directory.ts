/** The simulated PBX's numbering plan: phones, queues with agents, IVRs (DESIGN.md §7). */
export interface Phone {
  number: string;
  name: string;
  /** Noojee Contact username attached to the handset (`agentLoginName`, noojee.md §2.5/§2.6). */
  login: string;
}

export interface Queue {
  number: string;
  name: string;
  /** Agents in ring order; the queue rings them one at a time, round-robin with memory. */
  agents: string[];
}

export interface Ivr {
  number: string;
  name: string;
  /** Queues a caller may choose from the menu. */
  routes: string[];
}

export interface Directory {
  phones: Phone[];
  queues: Queue[];
  ivrs: Ivr[];
}

export type NumberKind = 'phone' | 'queue' | 'ivr';

const people = [
  'Olivia Bennett', 'Jack Thompson', 'Mia Nguyen', 'Noah Williams', 'Charlotte Smith', 'William Brown',
  'Amelia Wilson', 'Lucas Taylor', 'Isla Martin', 'Henry Anderson', 'Ava Harris', 'Oliver Clarke',
  'Grace Walker', 'Leo Robinson', 'Chloe King', 'Fred Wright',
];

/** Phones 201–216, Sales 600 (201–206), Support 601 (207–212), IVR 700 "Main menu". */
export function defaultDirectory(): Directory {
  const phones = people.map((name, i) => ({
    number: String(201 + i),
    name,
    login: (name.split(' ')[0] ?? name).toLowerCase(),
  }));
  return {
    phones,
    queues: [
      { number: '600', name: 'Sales', agents: ['201', '202', '203', '204', '205', '206'] },
      { number: '601', name: 'Support', agents: ['207', '208', '209', '210', '211', '212'] },
    ],
    ivrs: [{ number: '700', name: 'Main menu', routes: ['600', '601'] }],
  };
}

/** What a number is on this PBX; `null` means an outside (external) number. */
export function kindOf(dir: Directory, number: string): NumberKind | null {
  if (dir.phones.some((p) => p.number === number)) return 'phone';
  if (dir.queues.some((q) => q.number === number)) return 'queue';
  if (dir.ivrs.some((i) => i.number === number)) return 'ivr';
  return null;
}

/** Digits with an optional leading `+`: what the simulator accepts as a dialable number. */
export const DIALABLE = /^\+?\d{3,16}$/;
