import type { FarEndPlan } from './types';

/**
 * The simulated world's numbering plan (DESIGN.md §7): three PBXs sharing one call engine. Site A is the
 * Noojee PBX, site B the Switchvox PBX, site C the Telphin tenant, site D the VoipNow server. Numbers are unique across all sites.
 */
export type Site = 'A' | 'B' | 'C' | 'D';

/**
 * An incoming-call rule of a phone (telphin.md §6.3): send the call on to `to` (an outside number or
 * another extension) at once (`always`) or after the ring timeout (`no_answer`). `farEnd`: what an
 * outside `to` does (default: answers after the engine's `externalAnswerMs`).
 */
export interface ForwardRule {
  to: string;
  when: 'always' | 'no_answer';
  farEnd?: FarEndPlan;
}

export interface Phone {
  number: string;
  name: string;
  site: Site;
  /** Noojee Contact username attached to the handset (`agentLoginName`, noojee.md §2.5/§2.6). */
  login: string;
  /** Switchvox account id (switchvox.md §6.1); site B only. */
  accountId?: number;
  /** Switchvox web password used by the Realtime API `login` (switchvox.md §2); site B only. */
  password?: string;
  /** A second call rings while the phone is on a call (Switchvox phones); without it the phone is busy. */
  callWaiting?: boolean;
  /** `false`: the handset is not registered, calls to it fail at once (Telphin `CHANUNAVAIL`); default true. */
  registered?: boolean;
  /** Incoming-call forwarding rule, if any. */
  forward?: ForwardRule;
}

/**
 * `rrmemory` rings one idle agent at a time, round-robin with memory; `topdown` one at a time from the top
 * of the list for every call (Telphin `top-down`); `ringall` rings every idle agent at once.
 */
export type QueueStrategy = 'rrmemory' | 'topdown' | 'ringall';

export interface Queue {
  number: string;
  name: string;
  site: Site;
  /** Agents in ring order. */
  agents: string[];
  strategy?: QueueStrategy;
  /** Switchvox account id of the call queue (the `queueId` of agent lines, switchvox.md §6.10). */
  accountId?: number;
}

export interface Ivr {
  number: string;
  name: string;
  site: Site;
  /** Destinations a caller may choose from the menu (queues, or phones). */
  routes: string[];
}

/** A conference bridge: every call to it joins the same room (switchvox.md §6.6). */
export interface Conference {
  number: string;
  name: string;
  site: Site;
}

export interface Directory {
  phones: Phone[];
  queues: Queue[];
  ivrs: Ivr[];
  conferences: Conference[];
}

export type NumberKind = 'phone' | 'queue' | 'ivr' | 'conference';

const siteAPeople = [
  'Olivia Bennett', 'Jack Thompson', 'Mia Nguyen', 'Noah Williams', 'Charlotte Smith', 'William Brown',
  'Amelia Wilson', 'Lucas Taylor', 'Isla Martin', 'Henry Anderson', 'Ava Harris', 'Oliver Clarke',
  'Grace Walker', 'Leo Robinson', 'Chloe King', 'Fred Wright',
];

// Non-ASCII on purpose: caller-ID text may be any Unicode (switchvox.md §6.3).
const siteBPeople = [
  'Zoë Müller', 'José Núñez', 'Priya Raman', 'Björn Åkesson', 'Marcus Reed', 'Sofía Castillo',
  'Daniel Okafor', 'Emma Lefèvre', 'Kenji Watanabe', 'Hannah Schultz', 'Łukasz Nowak', "Aoife O'Brien",
];

// Cyrillic on purpose: Telphin caller-ID names arrive as UTF-8 (telphin.md §5.1). [name, login]
const siteCPeople: [string, string][] = [
  ['Анна Смирнова', 'anna'], ['Иван Петров', 'ivan'], ['Ольга Кузнецова', 'olga'], ['Дмитрий Соколов', 'dmitry'],
  ['Елена Попова', 'elena'], ['Сергей Лебедев', 'sergey'], ['Мария Козлова', 'maria'], ['Алексей Новиков', 'alexey'],
  ['Татьяна Морозова', 'tatiana'], ['Павел Волков', 'pavel'],
];

// Romanian on purpose: 4PSA VoipNow is made in Bucharest. [name, login]
const siteDPeople: [string, string][] = [
  ['Andrei Popescu', 'andrei'], ['Ioana Ionescu', 'ioana'], ['Mihai Georgescu', 'mihai'], ['Elena Dumitrescu', 'elenad'],
  ['Radu Stănescu', 'radu'], ['Cristina Munteanu', 'cristina'], ['Vlad Constantin', 'vlad'], ['Ana-Maria Șerban', 'anamaria'],
  ['Bogdan Țurcanu', 'bogdan'], ['Gabriela Niculescu', 'gabriela'],
];

/** Where phone 410 sends calls it does not answer (shows the `Transfered=yes` set, telphin.md §6.5 E). */
export const SITE_C_FORWARD_TO = '+79035550000';

const firstNameLogin = (name: string) => (name.split(' ')[0] ?? name).toLowerCase();

/**
 * Site A (Noojee): phones 201–216, Sales 600 (201–206), Support 601 (207–212), IVR 700 "Main menu".
 * Site B (Switchvox): phones 301–312 (account 1301… , password `pw-301`…, call waiting), ring-all queue
 * 610 "Helpdesk" (301–306, account 1610), conference bridge 850 "Team bridge".
 * Site C (Telphin): phones 401–410 (410 forwards unanswered calls outside), queue 620 "Orders" (401–406,
 * top-down: one agent at a time), IVR 720 "Menu" (to queue 620).
 * Site D (VoipNow, client prefix `0005`): phones 501–510 (`0005*501`…), queue 630 "Service" (501–506,
 * round-robin with memory).
 */
export function defaultDirectory(): Directory {
  const siteA: Phone[] = siteAPeople.map((name, i) => ({ number: String(201 + i), name, site: 'A', login: firstNameLogin(name) }));
  const siteB: Phone[] = siteBPeople.map((name, i) => {
    const number = String(301 + i);
    return { number, name, site: 'B', login: firstNameLogin(name), accountId: 1000 + Number(number), password: `pw-${number}`, callWaiting: true };
  });
  const siteC: Phone[] = siteCPeople.map(([name, login], i) => ({ number: String(401 + i), name, site: 'C', login }));
  const siteD: Phone[] = siteDPeople.map(([name, login], i) => ({ number: String(501 + i), name, site: 'D', login }));
  const last = siteC[siteC.length - 1];
  if (last) last.forward = { to: SITE_C_FORWARD_TO, when: 'no_answer' };
  return {
    phones: [...siteA, ...siteB, ...siteC, ...siteD],
    queues: [
      { number: '600', name: 'Sales', site: 'A', agents: ['201', '202', '203', '204', '205', '206'], strategy: 'rrmemory' },
      { number: '601', name: 'Support', site: 'A', agents: ['207', '208', '209', '210', '211', '212'], strategy: 'rrmemory' },
      { number: '610', name: 'Helpdesk', site: 'B', agents: ['301', '302', '303', '304', '305', '306'], strategy: 'ringall', accountId: 1610 },
      { number: '620', name: 'Orders', site: 'C', agents: ['401', '402', '403', '404', '405', '406'], strategy: 'topdown' },
      { number: '630', name: 'Service', site: 'D', agents: ['501', '502', '503', '504', '505', '506'], strategy: 'rrmemory' },
    ],
    ivrs: [
      { number: '700', name: 'Main menu', site: 'A', routes: ['600', '601'] },
      { number: '720', name: 'Menu', site: 'C', routes: ['620'] },
    ],
    conferences: [{ number: '850', name: 'Team bridge', site: 'B' }],
  };
}

/** What a number is on this PBX; `null` means an outside (external) number. */
export function kindOf(dir: Directory, number: string): NumberKind | null {
  if (dir.phones.some((p) => p.number === number)) return 'phone';
  if (dir.queues.some((q) => q.number === number)) return 'queue';
  if (dir.ivrs.some((i) => i.number === number)) return 'ivr';
  if (dir.conferences.some((c) => c.number === number)) return 'conference';
  return null;
}

/** The site a number belongs to; `null` for outside numbers. */
export function siteOf(dir: Directory, number: string): Site | null {
  const entry = [...dir.phones, ...dir.queues, ...dir.ivrs, ...dir.conferences].find((e) => e.number === number);
  return entry?.site ?? null;
}

/** Display name of a number in the directory (phone, queue, IVR or bridge), `null` if outside. */
export function nameOf(dir: Directory, number: string): string | null {
  const entry = [...dir.phones, ...dir.queues, ...dir.ivrs, ...dir.conferences].find((e) => e.number === number);
  return entry?.name ?? null;
}

/** Digits with an optional leading `+`: what the simulator accepts as a dialable number. */
export const DIALABLE = /^\+?\d{3,16}$/;
