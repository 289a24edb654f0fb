import { apiSend } from '../api/api-fetch';

/**
 * Asks the PBX behind `connectionId` to ring the signed-in user's own phone and then connect it to
 * `to`. Resolves once the PBX accepted the request (202), not when anyone answers.
 */
export function requestDial(connectionId: string, to: string): Promise<void> {
  return apiSend(`/api/connections/${encodeURIComponent(connectionId)}/dial`, { method: 'POST', body: { to } });
}
