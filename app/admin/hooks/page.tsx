import type { Metadata } from 'next';
import { HooksAdmin } from '@/components/admin/hooks/hooks-admin';

export const metadata: Metadata = { title: 'Event hooks' };

export default function HooksPage() {
  return <HooksAdmin />;
}
