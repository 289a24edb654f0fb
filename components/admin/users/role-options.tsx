import { USER_ROLES, type TUserRole } from '@/lib/auth-types';

const roleLabel: Record<TUserRole, string> = {
  viewer: 'Viewer — sees the board',
  supervisor: 'Supervisor — also records calls',
  admin: 'Admin — also manages users and displays',
};

/** The role `<option>`s; values are the API's role names. */
export function RoleOptions({ short = false }: { short?: boolean }) {
  return USER_ROLES.map((role) => (
    <option key={role} value={role}>
      {short ? role : roleLabel[role]}
    </option>
  ));
}
