/**
 * Replaces the whole board on a kiosk whose link was revoked: a wall TV has nobody to read a small
 * banner or to sign in, and a frozen board must never pass for a live one.
 */
export function DisplayRevoked() {
  return (
    <main
      data-testid="display-revoked"
      role="alert"
      className="fixed inset-0 z-50 flex items-center justify-center bg-slate-950 p-12 text-center text-5xl leading-tight font-black text-white"
    >
      This display link was revoked or is no longer valid.
    </main>
  );
}
