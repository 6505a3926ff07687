/**
 * Who is speaking, per space, from the router's audio-level observer. Members of a space hear
 * about their own space only (live channel 'speaking'); mediators additionally see a coarse
 * "talking" flag per space in their room state (channel 'activity').
 */
import type { types } from 'mediasoup';
import { LOBBY, type SpaceId } from '@mediation/shared';
import type { ProducerInfo } from '../media/peerMedia.js';
import type { Room } from './room.js';
import { isOnline } from './roomState.js';

export class ActiveSpeaker {
  /** Last announced speaker list per space, to announce changes only. */
  private readonly speaking = new Map<SpaceId, string>();

  constructor(private readonly room: Room) {}

  onVolumes(volumes: types.AudioLevelObserverVolume[]): void {
    const bySpace = new Map<SpaceId, string[]>();
    for (const v of volumes) {
      const pid = (v.producer.appData as unknown as ProducerInfo).participantId;
      const p = this.room.state.person(pid);
      if (!p || !isOnline(p) || p.space === LOBBY) continue;
      bySpace.set(p.space, [...(bySpace.get(p.space) ?? []), pid]);
    }
    let talkingChanged = false;
    for (const space of this.room.state.spaceList()) {
      const ids = bySpace.get(space.id) ?? [];
      const key = ids.join(',');
      if ((this.speaking.get(space.id) ?? '') !== key) {
        this.speaking.set(space.id, key);
        this.room.sendToAll('media:speaking', { participantIds: ids }, { kind: 'space', space: space.id, channel: 'speaking' });
      }
      if (this.room.state.setTalking(space.id, ids.length > 0)) talkingChanged = true;
    }
    if (talkingChanged) this.room.publishState();
  }
}
