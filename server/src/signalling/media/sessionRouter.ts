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
  createWebRtcTransport(appData: { participantId: string; direction: 'send' | 'recv' }): Promise<types.WebRtcTransport>;
  close(): void;
}

export async function createSessionRouter(worker: types.Worker, config: Config['mediasoup']): Promise<SessionRouter> {
  const router = await worker.createRouter({ mediaCodecs: MEDIA_CODECS });
  const levels = await router.createAudioLevelObserver({ maxEntries: 8, threshold: -60, interval: 400 });
  return {
    router,
    levels,
    async createWebRtcTransport(appData) {
      const transport = await router.createWebRtcTransport({
        listenIps: [{ ip: config.listenIp, ...(config.announcedIp ? { announcedIp: config.announcedIp } : {}) }],
        enableUdp: true,
        enableTcp: true,
        preferUdp: true,
        initialAvailableOutgoingBitrate: 1_000_000,
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
