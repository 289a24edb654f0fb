import { randomUUID } from 'node:crypto';
import type { RecordingState } from '@/lib/board';
import { CommandError, type Connector } from '@/server/connectors/connector';
import type { Projector } from '@/server/domain/projector';
import { logger } from '@/server/log';

const log = logger.child({ component: 'recording' });

export type CommandResult = { ok: true } | { ok: false; status: 404 | 409 | 422; error: string };

/**
 * Starts or stops recording a live leg. The tile shows `starting`/`stopping` while the PBX is asked,
 * then the PBX's answer: on failure the previous state comes back, never an assumed one.
 */
export async function setRecording(
  projector: Projector,
  connectors: ReadonlyMap<string, Connector>,
  legId: string,
  want: 'on' | 'off',
): Promise<CommandResult> {
  const found = projector.findLeg(legId);
  if (!found) return { ok: false, status: 404, error: 'No live call with that id.' };
  const { extension, call } = found;
  const connector = connectors.get(extension.connectionId);
  const command = want === 'on' ? connector?.startRecording : connector?.stopRecording;
  if (!connector || !connector.capabilities.record || !command) {
    return { ok: false, status: 409, error: 'This PBX does not let Linesight control recording.' };
  }
  if (call.state !== 'talking' && call.state !== 'held') {
    return { ok: false, status: 409, error: 'Only a call in progress can be recorded.' };
  }
  const settled: RecordingState = want === 'on' ? 'off' : 'on';
  if (call.recording !== settled) {
    const already = call.recording === want || call.recording === (want === 'on' ? 'starting' : 'stopping');
    return { ok: false, status: 409, error: already ? `Recording is already ${want}.` : 'A recording change is already in progress.' };
  }
  const mark = (recording: RecordingState) =>
    projector.apply([
      { type: 'leg.recording', legId, recording, connectionId: extension.connectionId, key: `recording:${randomUUID()}`, at: new Date().toISOString() },
    ]);
  mark(want === 'on' ? 'starting' : 'stopping');
  try {
    await command.call(connector, { extension: extension.number, vendorCallId: call.vendorCallId });
    if (!connector.reportsRecording) mark(want);
    return { ok: true };
  } catch (error) {
    mark(settled);
    const message = error instanceof CommandError ? error.message : 'The PBX did not answer the request.';
    log.warn({ legId, want, error: message }, 'recording command failed');
    return { ok: false, status: 422, error: message };
  }
}
