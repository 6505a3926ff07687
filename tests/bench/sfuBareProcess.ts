/**
 * The sfu bench's bare side: a bare mediasoup script, in a process of its own (forked by
 * sfu.bench.ts), building the same topology as our server with mediasoup calls only.
 *
 * Its own process so that its Node CPU can be counted, as our server's is: mediasoup's Node
 * library (its channel to the worker, the JSON of every request and notification, the RTP
 * parameter checks of every consume) runs in whatever process drives mediasoup, and a bare script
 * pays for it too. Until session 26 the bare calls ran inside the bench process beside the RTP
 * generator and sinks, where their CPU could not be told apart, so bare was counted by its worker
 * alone while ours was counted with all of its Node process, mediasoup's library included.
 *
 * The RTP generator and sinks stay in the bench process (they count for neither side): the bench
 * sends each person's sink port and SSRCs, this process answers with the ports to send to.
 *
 * Messages in: {id, op: 'grow', people: [{sinkPort, audioSsrc, videoSsrc}]} (one session),
 * {id, op: 'move'} (every session's caucus toggled), {id, op: 'stats'}, {op: 'close'}.
 * Messages out: {ready: true, workerPid} once, then {id, ok: true, data} or {id, ok: false, error}.
 */
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { MEDIA_CODECS } from '../../server/src/signalling/media/codecs.js';
import { AUDIO_RTP, VIDEO_RTP } from './sfuMedia.js';

const serverDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../server');
// eslint-disable-next-line @typescript-eslint/no-explicit-any
const mediasoup = createRequire(path.join(serverDir, 'package.json'))('mediasoup') as any;

const PEOPLE = 6;
export interface BarePerson { sinkPort: number; audioSsrc: number; videoSsrc: number }
export type BareCommand = { op: 'grow'; people: BarePerson[] } | { op: 'move' } | { op: 'stats' };
export type BareRequest = (BareCommand & { id: number }) | { op: 'close' };

/* eslint-disable @typescript-eslint/no-explicit-any */
interface BareSession { router: any; recv: any[]; producers: any[][]; consumers: Map<string, any>; out: boolean }

async function main(): Promise<void> {
  const worker = await mediasoup.createWorker({ logLevel: 'warn', rtcMinPort: 30000, rtcMaxPort: 39999 });
  const sessions: BareSession[] = [];
  // Index 3 and 4 play Ben and Kim, who go to the caucus; the rest stay in joint.
  const caucusOf = (i: number, out: boolean) => (out && (i === 3 || i === 4) ? 'caucus' : 'joint');
  const sync = async (b: BareSession) => {
    const want = new Set<string>();
    for (let v = 0; v < PEOPLE; v++) for (let p = 0; p < PEOPLE; p++) {
      if (v !== p && caucusOf(v, b.out) === caucusOf(p, b.out)) for (const producer of b.producers[p]!) want.add(`${v}:${producer.id}`);
    }
    for (const [k, c] of b.consumers) if (!want.has(k)) { c.close(); b.consumers.delete(k); }
    await Promise.all([...want].filter((k) => !b.consumers.has(k)).map(async (k) => {
      const [v, producerId] = k.split(':') as [string, string];
      const c = await b.recv[Number(v)]!.consume({ producerId, rtpCapabilities: b.router.rtpCapabilities, paused: true });
      b.consumers.set(k, c);
      await c.resume();
    }));
  };

  const grow = async (people: BarePerson[]): Promise<number[]> => {
    const router = await worker.createRouter({ mediaCodecs: MEDIA_CODECS });
    const b: BareSession = { router, recv: [], producers: [], consumers: new Map(), out: false };
    const sendPorts: number[] = [];
    for (const person of people) {
      const recv = await router.createPlainTransport({ listenIp: '127.0.0.1', rtcpMux: true, comedia: false });
      await recv.connect({ ip: '127.0.0.1', port: person.sinkPort });
      b.recv.push(recv);
      const send = await router.createPlainTransport({ listenIp: '127.0.0.1', rtcpMux: true, comedia: true });
      sendPorts.push(send.tuple.localPort);
      b.producers.push([
        await send.produce({ kind: 'audio', rtpParameters: AUDIO_RTP(person.audioSsrc) }),
        await send.produce({ kind: 'video', rtpParameters: VIDEO_RTP(person.videoSsrc) }),
      ]);
    }
    await sync(b);
    sessions.push(b);
    return sendPorts;
  };

  const stats = async () => {
    const live = sessions.flatMap((b) => [...b.consumers.values()]).filter((c) => !c.closed).sort(() => Math.random() - 0.5).slice(0, 24);
    return Promise.all(live.map((c) => c.getStats().then((st: Array<{ score?: number; bitrate?: number }>) => ({ kind: c.kind, score: st[0]?.score ?? null, bitrate: st[0]?.bitrate ?? null }))));
  };

  process.on('message', (m: BareRequest) => {
    if (m.op === 'close') {
      worker.close();
      process.exit(0);
    }
    const work = m.op === 'grow' ? grow(m.people) : m.op === 'move' ? Promise.all(sessions.map((b) => ((b.out = !b.out), sync(b)))).then(() => null) : stats();
    work.then(
      (data) => process.send!({ id: m.id, ok: true, data }),
      (err: unknown) => process.send!({ id: m.id, ok: false, error: String(err) }),
    );
  });
  process.send!({ ready: true, workerPid: worker.pid });
}

void main();
