import type { Vendor } from '@/lib/board';

export const vendorNames: Record<Vendor, string> = {
  noojee: 'Noojee',
  switchvox: 'Switchvox',
  telphin: 'Telphin',
  voipnow: 'VoipNow',
};
