/**
 * The media plane of the `sfu` bench, shared by both sides (our server and bare mediasoup):
 * RTP senders (Opus-sized audio at 50 packets/s, VP8 video at 500 kbps: 30 frames/s of two
 * ~1 kB packets, a key frame every 2 s) into mediasoup PlainTransports, and UDP sinks that a
 * receiving PlainTransport sends its consumers' RTP to. Every packet carries its send time
 * (hrtime, last 8 bytes of the payload), so a sink measures forwarding latency (same process,
 * same clock) and, per consumer SSRC, loss from the sequence numbers.
 */
import dgram from 'node:dgram';

const AUDIO_PT = 100;
const VIDEO_PT = 101;
export const AUDIO_RTP = (ssrc: number) => ({
  codecs: [{ mimeType: 'audio/opus', payloadType: AUDIO_PT, clockRate: 48000, channels: 2, parameters: {}, rtcpFeedback: [] }],
  encodings: [{ ssrc }],
  rtcp: { cname: `bench-${ssrc}`, reducedSize: true },
});
export const VIDEO_RTP = (ssrc: number) => ({
  codecs: [{ mimeType: 'video/VP8', payloadType: VIDEO_PT, clockRate: 90000, parameters: {}, rtcpFeedback: [{ type: 'nack' }, { type: 'nack', parameter: 'pli' }] }],
  encodings: [{ ssrc }],
  rtcp: { cname: `bench-${ssrc}`, reducedSize: true },
});

const VIDEO_PACKET_BYTES = 1040; // two per frame at 30 frames/s: ~500 kbps
let nextSsrc = 10_000_000;

/** One person's microphone and camera, sent to one PlainTransport (comedia: it learns our port). */
export class Sender {
  readonly audioSsrc = nextSsrc++;
  readonly videoSsrc = nextSsrc++;
  private readonly socket = dgram.createSocket('udp4');
  private aSeq = 1;
  private vSeq = 1;
  private aTs = 0;
  private vTs = 0;
  private frame = 0;
  private pictureId = 0;
  private tl0 = 0;
  /** A receiver asked for a key frame (RTCP PLI or FIR): the next frame is one, as a browser does. */
  private keyNext = true;
  port = 0;

  constructor() {
    this.socket.on('message', (msg) => {
      // RTCP compound packets: payload-specific feedback (206) with FMT 1 (PLI) or 4 (FIR).
      for (let o = 0; o + 4 <= msg.length;) {
        const pt = msg[o + 1]!;
        const fmt = msg[o]! & 0x1f;
        if (pt === 206 && (fmt === 1 || fmt === 4)) this.keyNext = true;
        o += (msg.readUInt16BE(o + 2) + 1) * 4;
      }
    });
  }

  sendAudio(): void {
    const p = Buffer.alloc(12 + 80 + 8);
    this.header(p, AUDIO_PT, this.aSeq++, this.aTs, this.audioSsrc, false);
    this.aTs += 960;
    this.stamp(p);
    this.socket.send(p, this.port, '127.0.0.1');
  }

  /** One video frame: two packets, the first starting the VP8 partition (a key frame every 2 s,
   * or when asked). */
  sendVideoFrame(): void {
    const key = this.keyNext || this.frame % 60 === 0;
    this.keyNext = false;
    this.frame++;
    this.pictureId = (this.pictureId + 1) & 0x7fff;
    if (key) this.tl0 = (this.tl0 + 1) & 0xff;
    for (let i = 0; i < 2; i++) {
      const p = Buffer.alloc(VIDEO_PACKET_BYTES);
      this.header(p, VIDEO_PT, this.vSeq++, this.vTs, this.videoSsrc, i === 1);
      // VP8 payload descriptor as browsers send it (mediasoup reads it to find key frames and
      // rewrites the picture id): X=1, S on the frame's first packet, partition 0; I and L
      // present: a 15-bit picture id and TL0PICIDX. Then the VP8 payload header, whose lowest
      // bit is 0 for a key frame (a consumer forwards nothing before one).
      p[12] = 0x80 | (i === 0 ? 0x10 : 0x00);
      p[13] = 0xc0;
      p[14] = 0x80 | (this.pictureId >> 8);
      p[15] = this.pictureId & 0xff;
      p[16] = this.tl0;
      p[17] = i === 0 ? (key ? 0x00 : 0x01) : 0x00;
      if (i === 0 && key) p.set([0x00, 0x00, 0x9d, 0x01, 0x2a, 0x80, 0x02, 0x68, 0x01], 18); // start code, 640x360
      this.stamp(p);
      this.socket.send(p, this.port, '127.0.0.1');
    }
    this.vTs += 3000;
  }

  private header(p: Buffer, pt: number, seq: number, ts: number, ssrc: number, marker: boolean): void {
    p[0] = 0x80;
    p[1] = pt | (marker ? 0x80 : 0);
    p.writeUInt16BE(seq & 0xffff, 2);
    p.writeUInt32BE(ts >>> 0, 4);
    p.writeUInt32BE(ssrc >>> 0, 8);
  }

  private stamp(p: Buffer): void {
    p.writeBigUInt64BE(process.hrtime.bigint(), p.length - 8);
  }

  close(): void {
    this.socket.close();
  }
}

interface StreamCount {
  first: number;
  last: number;
  received: number;
}

/** Where one receiving PlainTransport sends everything it forwards (RTP and RTCP, muxed). */
export class Sink {
  private readonly socket = dgram.createSocket('udp4');
  port = 0;
  streams = new Map<number, StreamCount>();
  /** SSRCs seen since the last `tickSeconds` call. */
  seenNow = new Set<number>();
  latenciesMs: number[] = [];
  packets = 0;
  bytes = 0;

  async open(): Promise<void> {
    this.socket.on('message', (msg) => this.onPacket(msg));
    await new Promise<void>((r) => this.socket.bind(0, '127.0.0.1', () => r()));
    this.port = this.socket.address().port;
  }

  private onPacket(msg: Buffer): void {
    if (msg.length < 20) return;
    const pt = msg[1]! & 0x7f;
    if (pt >= 72 && pt <= 79) return; // RTCP (200-207 with the marker bit position)
    const ssrc = msg.readUInt32BE(8);
    // mediasoup's bandwidth probation packets (padding only, SSRC 1234) carry none of ours.
    if (ssrc === 1234 || (msg[0]! & 0x20) !== 0) return;
    const now = process.hrtime.bigint();
    // Unwrap the 16-bit sequence number against what this stream has seen.
    const raw = msg.readUInt16BE(2);
    const s = this.streams.get(ssrc);
    if (!s) {
      this.streams.set(ssrc, { first: raw, last: raw, received: 1 });
    } else {
      let seq = (s.last & ~0xffff) | raw;
      if (seq < s.last - 0x8000) seq += 0x10000;
      else if (seq > s.last + 0x8000) seq -= 0x10000;
      if (seq > s.last) s.last = seq;
      s.received++;
    }
    this.seenNow.add(ssrc);
    this.packets++;
    this.bytes += msg.length;
    this.latenciesMs.push(Number(now - msg.readBigUInt64BE(msg.length - 8)) / 1e6);
  }

  /** Starts a new measurement window. */
  reset(): void {
    this.streams.clear();
    this.seenNow.clear();
    this.latenciesMs = [];
    this.packets = 0;
    this.bytes = 0;
  }

  /** Loss per stream over the window: 1 - received / (highest - lowest + 1). */
  losses(): number[] {
    return [...this.streams.values()].filter((s) => s.last - s.first >= 20).map((s) => Math.max(0, 1 - s.received / (s.last - s.first + 1)));
  }

  close(): void {
    this.socket.close();
  }
}

/** Drives every active sender: audio every 20 ms, a video frame every 33 ms. */
export class Generator {
  readonly senders = new Set<Sender>();
  private timers: NodeJS.Timeout[] = [];

  start(): void {
    this.stop();
    this.timers.push(setInterval(() => { for (const s of this.senders) s.sendAudio(); }, 20));
    this.timers.push(setInterval(() => { for (const s of this.senders) s.sendVideoFrame(); }, 1000 / 30));
  }

  stop(): void {
    for (const t of this.timers) clearInterval(t);
    this.timers = [];
  }
}
