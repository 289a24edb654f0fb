import type { Metadata } from 'next';
import { LoginForm } from '@/components/auth/login-form';
import { safeNext } from '@/components/auth/safe-next';

export const metadata: Metadata = { title: 'Sign in · Linesight' };

interface LoginPageProps {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}

/** `next` is vetted here, on the server, so the form never holds an off-site target. */
export default async function LoginPage({ searchParams }: LoginPageProps) {
  const { next } = await searchParams;
  return (
    <main className="flex min-h-dvh items-center justify-center p-6">
      <div className="w-full max-w-md rounded-2xl border-2 border-slate-700 bg-slate-900 p-6 shadow-xl">
        <LoginForm next={safeNext(next)} />
      </div>
    </main>
  );
}
