import { VOIPNOW_TYPE_LABELS } from '@/lib/hook-admin';

/** VoipNow's string-encoded numbers in words; anything unexpected is shown as the PBX sent it. */
export const voipnowTypeLabel = (type: string): string => VOIPNOW_TYPE_LABELS[type as keyof typeof VOIPNOW_TYPE_LABELS] ?? type;

export const voipnowMethodLabel = (method: string): string => (method === '0' ? 'GET' : method === '1' ? 'POST' : method);

export const voipnowStatusLabel = (status: string): string => (status === '1' ? 'enabled' : status === '0' ? 'disabled' : status);
