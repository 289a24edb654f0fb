import type { Metadata } from 'next';
import { DisplaysAdmin } from '@/components/admin/displays/displays-admin';

export const metadata: Metadata = { title: 'Displays' };

export default function DisplaysPage() {
  return <DisplaysAdmin />;
}
