/**
 * THE one path by which the server sends anything to a client. Every notification names its
 * audience; the isolation policy (`canReceive`) decides against the recipient's current role and
 * space at the moment of sending. Nothing else in the server calls `socket.emit`.
 */
import type { Socket } from 'socket.io';
import {
  canReceive,
  isMediatorRole,
  LOBBY,
  type ClientToServerEvents,
  type NotificationName,
  type NotificationPayload,
  type Prejoined,
  type ServerToClientEvents,
  type SpaceId,
  type Viewer,
} from '@mediation/shared';

import type { Audience } from '../contracts.js';
export type { Audience };

export type ServerSocket = Socket<ClientToServerEvents, ServerToClientEvents>;

export interface Recipient {
  readonly participantId: string;
  readonly socket: ServerSocket;
  /** The recipient as the policy sees them now, or null if they are no longer in the room. */
  viewer(): Viewer | Prejoined | null;
}

export function mayReceive(viewer: Viewer | Prejoined, audience: Audience): boolean {
  // A connection that has not joined is nobody in the room: nothing, on any audience (policy.ts).
  if ('prejoined' in viewer) return false;
  switch (audience.kind) {
    case 'space':
      return canReceive(viewer, audience.space, audience.channel);
    case 'self':
      return viewer.id === audience.participantId;
    case 'privateLine':
      if (isMediatorRole(viewer.role)) return true;
      return viewer.id === audience.participantId && viewer.space !== LOBBY;
  }
}

let refused = 0;
/** How many sends the policy refused since start (a diagnostic; refusals are normal, e.g. mediators elsewhere). */
export const refusedSends = (): number => refused;

export function send<N extends NotificationName>(to: Recipient, event: N, payload: NotificationPayload<N>, audience: Audience): boolean {
  const viewer = to.viewer();
  if (!viewer || !mayReceive(viewer, audience)) {
    refused++;
    return false;
  }
  // socket.io's typed emit cannot follow a generic event name; the payload type is checked above.
  (to.socket.emit as (ev: string, p: unknown) => boolean)(event, payload);
  return true;
}

/** Sends to someone whose connection is being closed (they may already be out of the room). */
export function sendClosing(socket: ServerSocket, payload: NotificationPayload<'session:closed'>): void {
  (socket.emit as (ev: string, p: unknown) => boolean)('session:closed', payload);
}
