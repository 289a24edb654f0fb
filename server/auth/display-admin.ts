import type { Db } from '@/db/client';
import { insertDisplay, listDisplays, revokeDisplay, type DisplayRow } from '@/db/queries/displays';
import { hashToken, newToken } from './tokens';

export interface DisplayView {
  id: number;
  name: string;
  createdAt: string;
  createdBy: string;
  lastSeenAt: string | null;
  revokedAt: string | null;
}

const displayView = ({ tokenHash: _hash, ...view }: DisplayRow): DisplayView => view;

/** Kiosk links for wall TVs. The token is returned once, at creation; only its hash is kept. */
export class DisplayAdmin {
  constructor(
    private readonly db: Db,
    private readonly onRevoked: (displayId: number) => void,
    private readonly now: () => Date = () => new Date(),
  ) {}

  list(): DisplayView[] {
    return listDisplays(this.db).map(displayView);
  }

  create(name: string, createdBy: string): { display: DisplayView; token: string } {
    const token = newToken();
    const row = insertDisplay(this.db, { name, tokenHash: hashToken(token), createdAt: this.now().toISOString(), createdBy });
    return { display: displayView(row), token };
  }

  /** Revokes a display and closes its open sockets; null when it was unknown or already revoked. */
  revoke(id: number): DisplayView | null {
    const row = revokeDisplay(this.db, id, this.now().toISOString());
    if (!row) return null;
    this.onRevoked(id);
    return displayView(row);
  }
}
