/** The hook routes of docs/admin-api.md; every path part is URL-encoded (VoipNow keys hold `*`). */
const enc = encodeURIComponent;

export const extensionsPath = (connectionId: string, q: string): string =>
  `/api/connections/${enc(connectionId)}/extensions${q ? `?q=${enc(q)}` : ''}`;

const extensionPath = (connectionId: string, key: string): string => `/api/connections/${enc(connectionId)}/extensions/${enc(key)}`;

export const hooksPath = (connectionId: string, key: string): string => `${extensionPath(connectionId, key)}/hooks`;

export const hookPath = (connectionId: string, key: string, hookId: string): string => `${hooksPath(connectionId, key)}/${enc(hookId)}`;

export const linesightHooksPath = (connectionId: string, key: string): string => `${extensionPath(connectionId, key)}/linesight-hooks`;
