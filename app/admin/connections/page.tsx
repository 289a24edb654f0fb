import type { Metadata } from 'next';
import { ConnectionsAdmin } from '@/components/admin/connections/connections-admin';

export const metadata: Metadata = { title: 'Connections' };

export default function ConnectionsPage() {
  return <ConnectionsAdmin />;
}
