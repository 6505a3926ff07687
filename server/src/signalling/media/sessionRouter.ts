/**
 * One mediasoup router per session, plus its audio-level observer (active speaker). Owns nothing
 * about who may see whom: the room decides, this module only creates and closes media objects and
 * keeps the metrics gauges honest.
 */
import type { types } from 'mediasoup';
import { metrics } from '../../metrics.js';
import type { Config } from '../../config.js';
import { MEDIA_CODECS } from './codecs.js';

export interface SessionRouter {
  readonly router: types.Router;
  readonly levels: types.AudioLevelObserver;
  /** `sctp`: with SCTP for data channels (the join page's pre-connection uses one to connect). */
  createWebRtcTransport(appData: { participantId: string; direction: 'send' | 'recv' }, opts?: { sctp?: boolean }): Promise<types.WebRtcTransport>;
  /** A data producer on a server-side DirectTransport that never sends anything: what a
   * pre-connected receiving transport consumes so the browser connects it (the same for everyone,
   * about nobody). Made once per router, on first use. */
  silentDataSource(): Promise<types.DataProducer>;
  close(): void;
}

export async function createSessionRouter(worker: types.Worker, config: Config['mediasoup']): Promise<SessionRouter> {
  const router = await worker.createRouter({ mediaCodecs: MEDIA_CODECS });
  answerCanConsumeOnce(router);
  const levels = await router.createAudioLevelObserver({ maxEntries: 8, threshold: -60, interval: 400 });
  let silent: Promise<types.DataProducer> | null = null;
  return {
    router,
    levels,
    silentDataSource() {
      silent ??= router.createDirectTransport().then((direct) => direct.produceData({ label: 'preconnect' }));
      return silent;
    },
    async createWebRtcTransport(appData, opts = {}) {
      const transport = await router.createWebRtcTransport({
        listenIps: [{ ip: config.listenIp, ...(config.announcedIp ? { announcedIp: config.announcedIp } : {}) }],
        enableUdp: true,
        enableTcp: true,
        preferUdp: true,
        initialAvailableOutgoingBitrate: 1_000_000,
        enableSctp: opts.sctp ?? false,
        appData,
      });
      metrics.transports.inc();
      transport.observer.once('close', () => metrics.transports.dec());
      return transport;
    },
    close() {
      router.close();
    },
  };
}

/**
 * The room asks `router.canConsume` before every consumer it makes, and a move makes dozens. Each
 * call validates the viewer's whole RTP capabilities again (mediasoup 3.8.4, ortc.ts), which was
 * a quarter of the server's consume cost in the `sfu` bench. The answer depends only on the
 * producer (its consumable parameters never change) and on the capabilities object (a viewer who
 * declares new ones gets a new object, see preconnect.ts), so it is kept per producer and
 * capabilities object until the producer closes.
 */
function answerCanConsumeOnce(router: types.Router): void {
  const answers = new Map<string, WeakMap<types.RtpCapabilities, boolean>>();
  const check = router.canConsume.bind(router);
  router.canConsume = ({ producerId, rtpCapabilities }) => {
    let byCaps = answers.get(producerId);
    const known = byCaps?.get(rtpCapabilities);
    if (known !== undefined) return known;
    const answer = check({ producerId, rtpCapabilities });
    // Only a yes is kept: a no may be for an id the router does not know (yet), and is rare.
    if (answer) {
      if (!byCaps) answers.set(producerId, (byCaps = new WeakMap()));
      byCaps.set(rtpCapabilities, answer);
    }
    return answer;
  };
  router.observer.on('newtransport', (transport: types.Transport) => {
    transport.observer.on('newproducer', (producer: types.Producer) => producer.observer.once('close', () => answers.delete(producer.id)));
  });
}

/** Counts a producer in the gauge until it closes. */
export function trackProducer(producer: types.Producer): void {
  metrics.producers.inc();
  producer.observer.once('close', () => metrics.producers.dec());
}

/**
 * Counts a consumer until it closes, and calls `onGone` exactly once. mediasoup 3.8.4 does not fire
 * a consumer's observer 'close' when its transport closes, so 'transportclose' is watched as well.
 */
export function trackConsumer(consumer: types.Consumer, onGone: () => void): void {
  metrics.consumers.inc();
  let gone = false;
  const done = () => {
    if (gone) return;
    gone = true;
    metrics.consumers.dec();
    onGone();
  };
  consumer.observer.once('close', done);
  consumer.once('transportclose', done);
  consumer.once('producerclose', () => {
    consumer.close();
    done();
  });
}
