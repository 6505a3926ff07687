import { describe, expect, it } from 'vitest';
import * as ws from 'ws';
import { decodeIncoming, updateMessage } from './messages.js';
import { updateFrame } from './frames.js';

/** ws's frame parser (a Writable; not in @types/ws). */
interface FrameReceiver {
  on(event: 'message', fn: (data: Buffer, isBinary: boolean) => void): void;
  on(event: 'error', fn: (err: Error) => void): void;
  write(chunk: Buffer, cb: () => void): void;
}
const { Receiver } = ws as unknown as { Receiver: new (opts: { isServer: boolean; maxPayload: number }) => FrameReceiver };

/** What a client's websocket reads from `bytes`: the messages, as `ws` itself parses them. */
function clientReads(bytes: Buffer): Promise<Buffer[]> {
  return new Promise((resolve, reject) => {
    const got: Buffer[] = [];
    const receiver = new Receiver({ isServer: false, maxPayload: 0 });
    receiver.on('message', (data: Buffer, isBinary: boolean) => {
      if (!isBinary) reject(new Error('text frame'));
      got.push(Buffer.from(data));
    });
    receiver.on('error', reject);
    receiver.write(bytes, () => resolve(got));
  });
}

describe('an update framed once for every recipient', () => {
  // Payload lengths on each side of the 7-bit, 16-bit and 64-bit length forms, and an update
  // length needing a 3-byte varuint.
  for (const size of [0, 1, 121, 122, 123, 124, 200, 65_530, 65_531, 65_532, 70_000, 300_000]) {
    it(`is the frame ws would send for a ${size}-byte update, and reads back as the same message`, async () => {
      const update = Uint8Array.from({ length: size }, (_, i) => (i * 7 + size) & 0xff);
      const { frame, payloadAt } = updateFrame(update);
      const expected = Buffer.from(updateMessage(update));
      expect(Buffer.compare(frame.subarray(payloadAt), expected)).toBe(0);
      // Two frames back to back: the length fields delimit them exactly.
      const [first, second] = await clientReads(Buffer.concat([frame, frame]));
      expect(first && Buffer.compare(first, expected)).toBe(0);
      expect(second && Buffer.compare(second, expected)).toBe(0);
      const decoded = decodeIncoming(first!);
      expect(decoded.type === 'update' && decoded.step === 'update' && Buffer.compare(Buffer.from(decoded.update), Buffer.from(update))).toBe(0);
    });
  }
});
