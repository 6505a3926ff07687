/**
 * socket.io's packet decoder, minus binary reconstruction. This protocol carries no binary
 * payloads, and rebuilding one (`reconstructPacket`) recurses once per nesting level, so a frame
 * whose attachment placeholder sits 20,000 levels deep overflowed the stack inside the decoder and
 * dropped the connection. A binary event is instead delivered as its event name with
 * `BINARY_REFUSED` as payload (the dispatcher answers BAD_REQUEST through its ack), and its
 * attachments are skipped unread. Text frames are decoded exactly as before (JSON.parse does not
 * recurse; the dispatcher bounds depth before anything else does).
 */
import { Decoder, Encoder, PacketType, type Packet } from 'socket.io-parser';

/** The payload a binary event is delivered with. Compared by identity; never sent anywhere. */
export const BINARY_REFUSED: unique symbol = Symbol('binary payloads are not accepted');

class TextOnlyDecoder extends Decoder {
  /** Attachments still to skip for the binary packet just refused. */
  private skip = 0;

  override add(chunk: unknown): void {
    if (typeof chunk !== 'string') {
      // An attachment of a refused packet (or a stray one, which the stock decoder would answer by
      // closing the connection): dropped unread.
      if (this.skip > 0) this.skip--;
      return;
    }
    const type = Number(chunk.charAt(0));
    if (type !== PacketType.BINARY_EVENT && type !== PacketType.BINARY_ACK) {
      super.add(chunk);
      return;
    }
    this.skip = 0;
    // Header and JSON only; the stock decodeString does not touch the attachments.
    const packet = (this as unknown as { decodeString(s: string): Packet & { attachments?: number } }).decodeString(chunk);
    this.skip = packet.attachments ?? 0;
    // Acks from clients are never asked for by this server: nothing to deliver.
    if (type === PacketType.BINARY_ACK) return;
    const event = Array.isArray(packet.data) ? (packet.data[0] as unknown) : undefined;
    this.emitReserved('decoded', { type: PacketType.EVENT, nsp: packet.nsp, id: packet.id, data: [event, BINARY_REFUSED] });
  }
}

/** For `new Server(http, { parser })`. */
export const textOnlyParser = { Encoder, Decoder: TextOnlyDecoder };
