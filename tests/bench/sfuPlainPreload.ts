/**
 * Loaded into the SERVER process by the `sfu` bench only (`node --import tsx --import <this>`),
 * never by the product. Node has no DTLS/SRTP stack to connect a WebRtcTransport, so for the
 * bench every transport the server asks mediasoup for is a PlainTransport instead (bare mediasoup
 * in the bench uses PlainTransports too: neither side pays for encryption). Everything else, the
 * signalling, the room, every consumer decision, is the unchanged server.
 *
 * The wire stays the same: the answer to `media:createTransport` carries the transport's UDP port
 * as its one ICE candidate (the bench sends its RTP there; sending transports learn the sender's
 * address from its first packet), and `media:connectTransport` connects a receiving transport to
 * the port named in the fingerprint `bench:<port>` (the bench's UDP sink).
 *
 * SIGUSR2 writes the stats of up to 24 live consumers (kind, score, bitrate) to
 * $SFU_BENCH_STATS_FILE, so the bench reads mediasoup's own view of the forwarded streams.
 */
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

const req = createRequire(path.join(process.cwd(), 'package.json'));
interface Transport {
  tuple: { localPort: number };
  connect(o: object): Promise<void>;
  consume(o: object): Promise<Consumer>;
}
interface Consumer { kind: string; closed: boolean; getStats(): Promise<Array<{ score?: number; bitrate?: number }>> }
type Router = { createPlainTransport(o: object): Promise<Transport> };
const { Router } = req('mediasoup/lib/Router.js') as { Router: { prototype: Router & { createWebRtcTransport(o: { appData?: { direction?: string } }): Promise<unknown> } } };
const { Transport } = req('mediasoup/lib/Transport.js') as { Transport: { prototype: Transport } };
const { PlainTransport } = req('mediasoup/lib/PlainTransport.js') as { PlainTransport: { prototype: Transport } };

const consumers = new Set<Consumer>();
const consume = Transport.prototype.consume;
Transport.prototype.consume = async function (this: Transport, o: object) {
  const c = await consume.call(this, o);
  consumers.add(c);
  return c;
};

Router.prototype.createWebRtcTransport = async function (this: Router, o: { appData?: { direction?: string } }) {
  const t = await this.createPlainTransport({ listenIp: '127.0.0.1', rtcpMux: true, comedia: o.appData?.direction === 'send', appData: o.appData ?? {} });
  return Object.assign(t, {
    iceParameters: { usernameFragment: 'bench', password: 'bench', iceLite: true },
    iceCandidates: [{ foundation: 'bench', priority: 1, ip: '127.0.0.1', protocol: 'udp', port: t.tuple.localPort, type: 'host' }],
    dtlsParameters: { role: 'auto', fingerprints: [{ algorithm: 'sha-256', value: 'bench' }] },
    iceState: 'completed',
    async connect({ dtlsParameters }: { dtlsParameters?: { fingerprints?: Array<{ value?: string }> } }) {
      const port = /^bench:(\d+)$/.exec(dtlsParameters?.fingerprints?.[0]?.value ?? '')?.[1];
      if (port) await PlainTransport.prototype.connect.call(t, { ip: '127.0.0.1', port: Number(port) });
    },
  });
};

process.on('SIGUSR2', () => {
  const live = [...consumers].filter((c) => !c.closed);
  for (const c of consumers) if (c.closed) consumers.delete(c);
  const sample = live.sort(() => Math.random() - 0.5).slice(0, 24);
  void Promise.all(sample.map((c) => c.getStats().then((s) => ({ kind: c.kind, score: s[0]?.score ?? null, bitrate: s[0]?.bitrate ?? null }), () => null))).then((stats) => {
    const file = process.env.SFU_BENCH_STATS_FILE;
    if (file) fs.writeFileSync(file, JSON.stringify(stats.filter(Boolean)));
  });
});
