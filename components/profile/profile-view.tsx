'use client';

import { FormAlert } from '../form/form-alert';
import { DialExtensionsForm } from './dial-extensions-form';
import { useProfile } from './use-profile';

/** Who you are, and the desk phone on each PBX that click-to-dial rings first. */
export function ProfileView() {
  const profile = useProfile();
  return (
    <>
      <h1 className="text-3xl font-black tracking-tight">Your profile</h1>
      {profile.isPending ? (
        <p className="text-xl text-slate-400">Loading your profile…</p>
      ) : profile.isError ? (
        <FormAlert message={`Could not load your profile: ${profile.error.message}`} />
      ) : (
        <>
          <dl className="grid w-fit grid-cols-[auto_1fr] gap-x-6 gap-y-1 text-lg">
            <dt className="font-semibold text-slate-400">Username</dt>
            <dd data-testid="profile-username" className="font-bold">
              {profile.data.username}
            </dd>
            <dt className="font-semibold text-slate-400">Role</dt>
            <dd data-testid="profile-role" className="font-bold">
              {profile.data.role}
            </dd>
          </dl>
          <DialExtensionsForm profile={profile.data} />
        </>
      )}
    </>
  );
}
