import type { RoomView } from '@mediation/shared';

/** What the room hands to each tab panel (board, agreement). */
export interface PanelProps {
  /** The invite token of this participant (authenticates the Yjs websocket and HTTP calls). */
  token: string;
  room: RoomView;
}
