/**
 * One connection's media objects. Every id a client sends is looked up here, in that client's own
 * maps; an id from anyone else's maps is refused (and nothing is created).
 */
import type { types } from 'mediasoup';
import type { MediaSource } from '@mediation/shared';

export interface ProducerInfo {
  participantId: string;
  source: MediaSource;
  /** An interpreter's microphone: the interpretation channel (set by the server from the role). */
  interpretation?: boolean;
}

export interface ConsumerInfo {
  /** Whose media this consumer carries. */
  ownerId: string;
  producerId: string;
}

export class PeerMedia {
  readonly transports = new Map<string, types.WebRtcTransport>();
  readonly producers = new Map<string, types.Producer>();
  readonly consumers = new Map<string, types.Consumer>();
  /** The pre-connection's data channels (at most one per transport; they carry nothing). */
  readonly dataProducers = new Map<string, types.DataProducer>();
  rtpCapabilities: types.RtpCapabilities | null = null;

  transportOf(id: string, direction?: 'send' | 'recv'): types.WebRtcTransport | undefined {
    const t = this.transports.get(id);
    if (!t || (direction && (t.appData as { direction: string }).direction !== direction)) return undefined;
    return t;
  }

  /** Is this id one of this peer's transports, producers or consumers? */
  holds(id: string): boolean {
    return this.transports.has(id) || this.producers.has(id) || this.consumers.has(id) || this.dataProducers.has(id);
  }

  get recvTransport(): types.WebRtcTransport | undefined {
    for (const t of this.transports.values()) if ((t.appData as { direction: string }).direction === 'recv' && !t.closed) return t;
    return undefined;
  }

  /** Closes those of this peer's consumers whose owner `close` names (given the owner's participant
   * id); returns their ids. */
  closeConsumersWhere(close: (ownerId: string) => boolean): string[] {
    const ids: string[] = [];
    for (const [id, c] of this.consumers) {
      if (close((c.appData as unknown as ConsumerInfo).ownerId)) {
        c.close();
        this.consumers.delete(id);
        ids.push(id);
      }
    }
    return ids;
  }

  /** Closes transports (and with them producers and consumers). */
  closeAll(): void {
    for (const p of this.producers.values()) p.close();
    for (const c of this.consumers.values()) c.close();
    for (const t of this.transports.values()) t.close();
    this.dataProducers.clear();
    this.producers.clear();
    this.consumers.clear();
    this.transports.clear();
    this.rtpCapabilities = null;
  }
}
