import type { Metadata } from 'next';
import { ProfileShell } from '@/components/profile/profile-shell';
import { ProfileView } from '@/components/profile/profile-view';

export const metadata: Metadata = { title: 'Your profile · Linesight' };

export default function ProfilePage() {
  return (
    <ProfileShell>
      <ProfileView />
    </ProfileShell>
  );
}
