import type { ProbeResult, ProbeStep } from '@/lib/connection-admin';
import { alertClass } from '../../form/styles';

/** Each probe step in the words an admin would use when checking the PBX side. */
export const PROBE_STEP_WORDS: Record<ProbeStep, string> = {
  config: 'the settings',
  dns: 'DNS (finding the server by name)',
  connect: 'connecting (network or firewall)',
  tls: 'TLS (the server certificate)',
  auth: 'sign-in (credentials)',
  permission: 'permission (the account may not do this)',
  protocol: "the PBX's answer (unexpected API reply)",
};

/** A "Test connection" outcome: what worked, or which step failed and why. */
export function ProbeResultView({ result, label }: { result: ProbeResult; label?: string }) {
  const facts =
    result.facts.length > 0 ? (
      <ul className="list-disc pl-6 text-base font-normal">
        {result.facts.map((fact) => (
          <li key={fact}>{fact}</li>
        ))}
      </ul>
    ) : null;
  const prefix = label ? `${label}: ` : '';

  if (result.ok) {
    return (
      <div role="status" className="rounded-lg border-2 border-green-500 bg-green-950 px-3 py-2 text-base font-semibold text-green-100">
        <p>
          {prefix}Connection works <span className="font-normal text-green-300 tabular-nums">({result.ms} ms)</span>
        </p>
        {result.message && <p className="font-normal">{result.message}</p>}
        {facts}
      </div>
    );
  }
  return (
    <div role="alert" className={alertClass}>
      <p>
        {prefix}Connection failed{result.step ? ` at ${PROBE_STEP_WORDS[result.step]}` : ''}.
      </p>
      <p className="font-normal">{result.message}</p>
      {facts}
    </div>
  );
}
