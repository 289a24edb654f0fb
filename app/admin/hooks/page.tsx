import type { Metadata } from 'next';
import { HooksAdmin } from '@/components/admin/hooks/hooks-admin';

export const metadata: Metadata = { title: 'Event hooks' };

/** `?connection=<id>` (the Hooks link of a connection row) opens that connection first. */
export default async function HooksPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { connection } = await searchParams;
  return <HooksAdmin initialConnection={typeof connection === 'string' ? connection : null} />;
}
