import type { InviteInfo } from '@mediation/shared';
import type { LocalMediaChoice } from '../media/localMedia';

export interface RoomPageProps {
  token: string;
  info: InviteInfo;
  displayName: string;
  initialStream: MediaStream | null;
  wantedMedia: LocalMediaChoice | null;
}

/** Placeholder while the room lands. */
export function RoomPage({ info }: RoomPageProps) {
  return (
    <main className="page">
      <h1>{info.title}</h1>
      <p>Connecting…</p>
    </main>
  );
}
