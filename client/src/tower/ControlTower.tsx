import type { RoomView } from '@mediation/shared';
import type { RoomSession } from '../room/roomSession';

export function ControlTower({ room }: { session: RoomSession; room: RoomView }) {
  return <section data-testid="control-tower">{room.spaces.length} spaces</section>;
}
