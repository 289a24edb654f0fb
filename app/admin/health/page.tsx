import type { Metadata } from 'next';
import { HealthAdmin } from '@/components/admin/health/health-admin';

export const metadata: Metadata = { title: 'Health' };

export default function HealthPage() {
  return <HealthAdmin />;
}
