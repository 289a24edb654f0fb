'use client';

import { FormAlert } from '../../form/form-alert';
import { useSession } from '../../use-session';
import { AdminTableHead } from '../admin-table-head';
import { CreateUserForm } from './create-user-form';
import { UserRow } from './user-row';
import { useUsers } from './use-users';

const headings = ['Username', 'Role', 'Status', 'Last sign-in'];

/** The users page: create a user, then change role, password or access per row. */
export function UsersAdmin() {
  const users = useUsers();
  const session = useSession();
  const me = session.data?.kind === 'user' ? session.data.username : null;

  return (
    <>
      <h1 className="text-3xl font-black tracking-tight">Users</h1>
      <CreateUserForm />
      {users.isPending ? (
        <p className="text-xl text-slate-400">Loading users…</p>
      ) : users.isError ? (
        <FormAlert message={`Could not load users: ${users.error.message}`} />
      ) : (
        <div className="overflow-x-auto">
          <table className="w-full min-w-[48rem] border-collapse">
            <caption className="sr-only">Users</caption>
            <AdminTableHead headings={headings} actions />
            <tbody>
              {users.data.map((user) => (
                <UserRow key={user.id} user={user} isMe={user.username === me} />
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}
