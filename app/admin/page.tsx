import { redirect } from 'next/navigation';

/** `/admin` has no page of its own; users are what an admin comes for most. */
export default function AdminIndexPage() {
  redirect('/admin/users');
}
