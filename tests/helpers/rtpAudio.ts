/**
 * A real RTP audio sender for integration tests: a mediasoup PlainTransport on the session's router
 * (comedia) fed over UDP with Opus-payload packets carrying the ssrc-audio-level header extension,
 * the way a browser marks how loud it is. It stands in for a participant's microphone where no
 * WebRTC stack exists (Node has no DTLS); the producer is owned by that participant as the room
 * sees it, so the active-speaker path from the worker to the clients is the real one.
 */
import dgram from 'node:dgram';
import type { Room } from '../../server/src/signalling/room/room.js';

// mediasoup is the server's dependency; its types are reached through the room rather than imported.
type PlainTransport = Awaited<ReturnType<Room['deps']['sfu']['router']['createPlainTransport']>>;
type Producer = Awaited<ReturnType<PlainTransport['produce']>>;

const AUDIO_LEVEL_URI = 'urn:ietf:params:rtp-hdrext:ssrc-audio-level';

export interface AudioSender {
  producer: Producer;
  stop(): Promise<void>;
}

/** Starts sending packets at 50 per second with the given level (dBov below zero, e.g. 20 = loud). */
export async function startLoudAudio(room: Room, participantId: string, opts: { ssrc?: number; level?: number } = {}): Promise<AudioSender> {
  const ssrc = opts.ssrc ?? 55_000_000 + Math.floor(Math.random() * 1e6);
  const router = room.deps.sfu.router;
  const transport = await router.createPlainTransport({ listenIp: '127.0.0.1', rtcpMux: true, comedia: true });
  const producer = await transport.produce({
    kind: 'audio',
    rtpParameters: {
      codecs: [{ mimeType: 'audio/opus', payloadType: 100, clockRate: 48000, channels: 2, parameters: {}, rtcpFeedback: [] }],
      headerExtensions: [{ uri: AUDIO_LEVEL_URI, id: 1 }],
      encodings: [{ ssrc }],
      rtcp: { cname: `rtp-${ssrc}`, reducedSize: true },
    },
    appData: { participantId, source: 'mic' },
  });
  await room.deps.sfu.levels.addProducer({ producerId: producer.id });
  const socket = dgram.createSocket('udp4');
  const port = transport.tuple.localPort;
  let seq = 1;
  let ts = 0;
  const level = opts.level ?? 20;
  const timer = setInterval(() => {
    const packet = Buffer.alloc(12 + 8 + 3);
    packet[0] = 0x90; // V=2, X=1
    packet[1] = 100;
    packet.writeUInt16BE(seq++ & 0xffff, 2);
    packet.writeUInt32BE(ts >>> 0, 4);
    packet.writeUInt32BE(ssrc, 8);
    packet.writeUInt16BE(0xbede, 12); // one-byte header extensions
    packet.writeUInt16BE(1, 14); // one 32-bit word
    packet[16] = (1 << 4) | 0; // id 1, length 1
    packet[17] = 0x80 | level; // voice activity + level
    packet.set([0xf8, 0xff, 0xfe], 20); // an Opus frame (content is irrelevant to the observer)
    ts += 960;
    socket.send(packet, port, '127.0.0.1');
  }, 20);
  return {
    producer,
    async stop() {
      clearInterval(timer);
      socket.close();
      producer.close();
      transport.close();
    },
  };
}
