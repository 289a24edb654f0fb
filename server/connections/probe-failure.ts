import type { ProbeStep } from '@/lib/connection-admin';

/** A "Test connection" step that failed, in plain words an admin can act on. */
export class ProbeFailure extends Error {
  constructor(
    readonly step: ProbeStep,
    message: string,
  ) {
    super(message);
    this.name = 'ProbeFailure';
  }
}

/**
 * Which step a transport failure belongs to, read from the plain words our clients already put in
 * their errors (network-error.ts, switchvox describeSocketError): TLS, name lookup, or connecting.
 */
export function networkStep(message: string): ProbeStep {
  if (/TLS|certificate|SSL|handshake/i.test(message)) return 'tls';
  if (/host name/i.test(message)) return 'dns';
  return 'connect';
}
