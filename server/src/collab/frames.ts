/**
 * A document update as a finished websocket frame, built once per broadcast and written as it is
 * to every recipient's socket.
 *
 * Why: `ws.send` frames the message again for every connection (a header buffer, option objects,
 * cork, two writes, uncork). A server's frames are never masked (RFC 6455 §5.1), so the frame of
 * one message is the same bytes for everyone: the reference y-websocket server encodes its update
 * message once, and we go one step further and frame it once too. With 50 people on a board that
 * is 49 times the per-send work saved on every keystroke.
 *
 * This is only sound on a connection with no extension negotiated (no permessage-deflate, whose
 * frames are compressed per connection): the endpoint's WebSocketServer is created with
 * `perMessageDeflate: false` (attach.ts) and a connection checks `ws.extensions` before it writes a
 * frame of its own (connection.ts). `ws` writes each of its own frames in one synchronous step, so
 * frames written here never interleave with its (sync replies, awareness, pings, the close frame).
 */
import { MessageType, SyncStep } from './messages.js';

/** The y-websocket message [SYNC, UPDATE, varuint length, update] inside an unmasked, final,
 * binary websocket frame. `frame.subarray(payloadAt)` is the message alone (`updateMessage`). */
export interface UpdateFrame {
  frame: Buffer;
  payloadAt: number;
}

const varUintSize = (n: number): number => {
  let size = 1;
  while (n > 0x7f) {
    n = Math.floor(n / 128);
    size++;
  }
  return size;
};

export function updateFrame(update: Uint8Array): UpdateFrame {
  const payloadLen = 2 + varUintSize(update.length) + update.length;
  // Header: FIN + opcode 2 (binary), then the payload length in 7 bits, or 126 + 16 bits, or
  // 127 + 64 bits (network order); no mask bit, no masking key (server to client).
  const headerLen = payloadLen < 126 ? 2 : payloadLen < 0x10000 ? 4 : 10;
  const frame = Buffer.allocUnsafe(headerLen + payloadLen);
  frame[0] = 0x82;
  if (headerLen === 2) {
    frame[1] = payloadLen;
  } else if (headerLen === 4) {
    frame[1] = 126;
    frame[2] = payloadLen >>> 8;
    frame[3] = payloadLen & 0xff;
  } else {
    frame[1] = 127;
    frame.writeUInt32BE(Math.floor(payloadLen / 0x100000000), 2);
    frame.writeUInt32BE(payloadLen >>> 0, 6);
  }
  let at = headerLen;
  frame[at++] = MessageType.SYNC;
  frame[at++] = SyncStep.UPDATE;
  let n = update.length;
  while (n > 0x7f) {
    frame[at++] = 0x80 | (n & 0x7f);
    n = Math.floor(n / 128);
  }
  frame[at++] = n;
  frame.set(update, at);
  return { frame, payloadAt: headerLen };
}
