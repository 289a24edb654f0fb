import type { APIRequestContext, Page } from '@playwright/test';
import { DEMO_USERS } from '@/server/auth/bootstrap-users';
import { baseUrl } from './sim';

export const E2E_ADMIN_PASSWORD = 'e2e-admin-password-7f3a';

export type UserRole = 'viewer' | 'supervisor' | 'admin';

export function credentials(role: UserRole): { username: string; password: string } {
  if (role === 'admin') return { username: 'admin', password: E2E_ADMIN_PASSWORD };
  const user = DEMO_USERS.find((u) => u.role === role)!;
  return { username: user.username, password: user.password };
}

/** Signs in through the API (no form clicking in set-up); the cookie lands in the page's context. */
export async function signIn(target: Page | APIRequestContext, role: UserRole, base = baseUrl()): Promise<void> {
  const request = 'request' in target ? target.request : target;
  const response = await request.post(`${base}/api/session`, { data: credentials(role), headers: { Origin: base } });
  if (response.status() !== 204) throw new Error(`sign-in as ${role} failed: ${response.status()} ${await response.text()}`);
}
