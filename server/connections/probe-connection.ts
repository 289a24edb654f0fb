/**
 * "Test connection" (issue 7): a real round trip with the connection's own settings, reporting the
 * first step that failed — the configuration, the name lookup, TLS, sign-in, permissions — in
 * plain words. Never throws, never logs a secret.
 */
import { lookup } from 'node:dns/promises';
import { isIP } from 'node:net';
import { SECRET_FIELDS, type ProbeResult } from '@/lib/connection-admin';
import type { TConnectionConfig } from '@/lib/connection-config';
import { probeNoojee } from '@/server/connectors/noojee/probe';
import { probeSwitchvox } from '@/server/connectors/switchvox/probe';
import { probeTelphin } from '@/server/connectors/telphin/probe';
import { probeVoipnow } from '@/server/connectors/voipnow/probe';
import { scrubSecrets } from '@/server/connectors/scrub-secrets';
import { ProbeFailure } from './probe-failure';

export interface ProbeOptions {
  /** Base URL a PBX can reach us at (VoipNow's OAuth `redirect_uri`). */
  publicUrl: string;
  timeoutMs?: number;
  signal?: AbortSignal;
}

export async function probeConnection(config: TConnectionConfig, o: ProbeOptions): Promise<ProbeResult> {
  const started = performance.now();
  const timeoutMs = o.timeoutMs ?? 10_000;
  const signal = AbortSignal.any([AbortSignal.timeout(timeoutMs + 2_000), ...(o.signal ? [o.signal] : [])]);
  const secrets = SECRET_FIELDS[config.vendor].map((field) => String((config as Record<string, unknown>)[field] ?? ''));
  const ms = () => Math.round(performance.now() - started);
  try {
    const host = new URL(config.vendor === 'switchvox' ? config.url : config.baseUrl).hostname.replace(/^\[|\]$/g, '');
    const facts: string[] = [];
    if (!isIP(host)) facts.push(`${host} is ${await resolve(host)}`);
    facts.push(...(await vendorProbe(config, timeoutMs, signal, o.publicUrl)));
    return { ok: true, message: 'Connection works.', facts, ms: ms() };
  } catch (error) {
    const failure = error instanceof ProbeFailure ? error : new ProbeFailure('protocol', error instanceof Error ? error.message : String(error));
    return { ok: false, step: failure.step, message: scrubSecrets(failure.message, secrets), facts: [], ms: ms() };
  }
}

async function resolve(host: string): Promise<string> {
  try {
    return (await lookup(host)).address;
  } catch (error) {
    const code = (error as { code?: string }).code;
    throw new ProbeFailure('dns', code === 'ENOTFOUND' ? `The host name ${host} does not exist (DNS).` : `The host name ${host} could not be looked up (${code ?? 'DNS error'}).`);
  }
}

function vendorProbe(config: TConnectionConfig, timeoutMs: number, signal: AbortSignal, publicUrl: string): Promise<string[]> {
  switch (config.vendor) {
    case 'noojee':
      return probeNoojee(config, timeoutMs, signal);
    case 'switchvox':
      return probeSwitchvox(config, timeoutMs, signal);
    case 'telphin':
      return probeTelphin(config, timeoutMs, signal);
    case 'voipnow':
      return probeVoipnow(config, timeoutMs, signal, publicUrl);
  }
}
