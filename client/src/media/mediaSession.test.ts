/**
 * MediaSession against mediasoup-client's own FakeHandler (no browser): the real Device and
 * Transport logic runs, only the RTCPeerConnection is simulated.
 */
import { describe, expect, it } from 'vitest';
import { Device, FakeHandler, testFakeParameters } from 'mediasoup-client';
import type { NotificationPayload, RequestName, Result } from '@mediation/shared';
import type { Requester } from '../socket';
import { MediaSession, preloadDevice, type RemoteTrack } from './mediaSession';

function fakeServer() {
  const calls: Array<{ name: RequestName; payload: unknown }> = [];
  const request = (async (name: RequestName, payload: unknown): Promise<Result<unknown>> => {
    calls.push({ name, payload });
    switch (name) {
      case 'media:getRouterCapabilities':
        return { ok: true, data: { rtpCapabilities: testFakeParameters.generateRouterRtpCapabilities() } };
      case 'media:createTransport':
        return { ok: true, data: testFakeParameters.generateTransportRemoteParameters() };
      default:
        return { ok: true, data: {} };
    }
  }) as unknown as Requester;
  return { calls, request };
}

function newConsumer(participantId: string, kind: 'audio' | 'video'): NotificationPayload<'media:newConsumer'> {
  const p = testFakeParameters.generateConsumerRemoteParameters({ codecMimeType: kind === 'audio' ? 'audio/opus' : 'video/VP8' });
  return { consumerId: p.id, producerId: p.producerId, participantId, kind, source: kind === 'audio' ? 'mic' : 'cam', rtpParameters: p.rtpParameters, producerPaused: false };
}

/** A receive-only session (someone who does not send), over `device` (a plain fake one by default). */
async function started(device: () => Device = () => new Device({ handlerFactory: FakeHandler.createFactory(testFakeParameters) })) {
  const server = fakeServer();
  let tracks: RemoteTrack[] = [];
  const errors: string[] = [];
  const session = new MediaSession(server.request, { onRemoteTracks: (t) => (tracks = t), onTransportState: () => undefined, onError: (m) => errors.push(m) }, device);
  await session.start({ canProduce: false, local: async () => ({ audioMuted: false, videoMuted: false }) });
  return { session, server, errors, tracks: () => tracks };
}

/** A device whose fake handler `patch` may wrap (each handler receive/send is one SDP renegotiation in a browser). */
type FakeHandlerInstance = ReturnType<ReturnType<typeof FakeHandler.createFactory>['factory']>;
function deviceWith(patch: (handler: FakeHandlerInstance) => void): () => Device {
  const base = FakeHandler.createFactory(testFakeParameters);
  const handlerFactory = {
    ...base,
    factory: (options: Parameters<typeof base.factory>[0]) => {
      const handler = base.factory(options);
      patch(handler);
      return handler;
    },
  };
  return () => new Device({ handlerFactory });
}

type Renegotiation = { op: 'receive' | 'stopReceiving'; count: number };
/** A device that records its handler's receive/stopReceiving calls (one SDP renegotiation each in
 * a browser); `onReceived` sees each receive's new tracks. */
function countingRenegotiations(onReceived: (tracks: MediaStreamTrack[]) => void = () => undefined): { renegotiations: Renegotiation[]; device: () => Device } {
  const renegotiations: Renegotiation[] = [];
  const device = deviceWith((handler) => {
    const receive = handler.receive.bind(handler);
    const stopReceiving = handler.stopReceiving.bind(handler);
    handler.receive = async (list) => {
      renegotiations.push({ op: 'receive', count: list.length });
      const made = await receive(list);
      onReceived(made.map((m) => m.track));
      return made;
    };
    handler.stopReceiving = (ids) => (renegotiations.push({ op: 'stopReceiving', count: ids.length }), stopReceiving(ids));
  });
  return { renegotiations, device };
}

const settle = () => new Promise((r) => setTimeout(r, 50));

describe('MediaSession', () => {
  it('creates only a receiving transport for someone who does not send, then declares its capabilities', async () => {
    const { server } = await started();
    const names = server.calls.map((c) => c.name);
    expect(names.filter((n) => n === 'media:createTransport')).toHaveLength(1);
    expect(server.calls.find((c) => c.name === 'media:createTransport')?.payload).toEqual({ direction: 'recv' });
    expect(names.indexOf('media:setRtpCapabilities')).toBeGreaterThan(names.indexOf('media:createTransport'));
  });

  it('with a device loaded before joining, declares its capabilities right behind the transport request, without asking for the router capabilities again', async () => {
    const server = fakeServer();
    const fake = () => new Device({ handlerFactory: FakeHandler.createFactory(testFakeParameters) });
    const preloaded = preloadDevice(server.request, fake);
    await preloaded;
    server.calls.length = 0;
    const session = new MediaSession(server.request, { onRemoteTracks: () => undefined, onTransportState: () => undefined, onError: () => undefined }, fake);
    await session.start({ canProduce: false, local: async () => ({ audioMuted: false, videoMuted: false }), preloaded });
    expect(server.calls.map((c) => c.name)).toEqual(['media:createTransport', 'media:setRtpCapabilities']);
  });

  it('consumes what the server announces, asks to resume each consumer, and reports the tracks', async () => {
    const { session, server, tracks, errors } = await started();
    const audio = newConsumer('ana001', 'audio');
    const video = newConsumer('ana001', 'video');
    session.onNewConsumer(audio);
    session.onNewConsumer(video);
    await settle();
    expect(tracks().map((t) => [t.participantId, t.kind]).sort()).toEqual([['ana001', 'audio'], ['ana001', 'video']]);
    const resumed = server.calls.filter((c) => c.name === 'media:resumeConsumer').map((c) => (c.payload as { consumerId: string }).consumerId);
    expect(resumed.sort()).toEqual([audio.consumerId, video.consumerId].sort());
    expect(errors).toEqual([]);
  });

  it('drops a consumer the server closed while it was still being created, without resuming it', async () => {
    const { session, server, tracks } = await started();
    const video = newConsumer('ben001', 'video');
    session.onNewConsumer(video);
    session.onConsumerClosed(video.consumerId); // same tick: creation is still in flight
    await settle();
    expect(tracks()).toEqual([]);
    expect(server.calls.filter((c) => c.name === 'media:resumeConsumer')).toEqual([]);
  });

  it('marks a consumer paused and resumed as the server says', async () => {
    const { session, tracks } = await started();
    const audio = newConsumer('ana001', 'audio');
    session.onNewConsumer(audio);
    session.onConsumerPaused(audio.consumerId, true);
    await settle();
    expect(tracks()[0]?.paused).toBe(true);
    session.onConsumerPaused(audio.consumerId, false);
    await settle();
    expect(tracks()[0]?.paused).toBe(false);
  });

  it('reports no remote tracks after close, and ignores consumers announced afterwards', async () => {
    const { session, tracks } = await started();
    session.onNewConsumer(newConsumer('ana001', 'audio'));
    await settle();
    expect(tracks()).toHaveLength(1);
    session.close();
    session.onNewConsumer(newConsumer('ana001', 'video'));
    await settle();
    expect(tracks()).toEqual([]);
  });

  it('takes a move as one message: the closed ones leave at once, the created ones come together and resume in one request', async () => {
    const { session, server, tracks } = await started();
    const old = [newConsumer('joint01', 'audio'), newConsumer('joint01', 'video')];
    session.onConsumers({ closed: [], created: old });
    await settle();
    expect(tracks()).toHaveLength(2);
    server.calls.length = 0;
    const fresh = [newConsumer('caucus1', 'audio'), newConsumer('caucus1', 'video'), newConsumer('caucus2', 'audio'), newConsumer('caucus2', 'video')];
    session.onConsumers({ closed: old.map((c) => c.consumerId), created: fresh });
    // The closed ones are off the list before the new ones exist.
    expect(tracks()).toEqual([]);
    await settle();
    expect(tracks().map((t) => t.participantId).sort()).toEqual(['caucus1', 'caucus1', 'caucus2', 'caucus2']);
    const resumes = server.calls.filter((c) => c.name === 'media:resumeConsumers' || c.name === 'media:resumeConsumer');
    expect(resumes).toHaveLength(1);
    expect((resumes[0]!.payload as { consumerIds: string[] }).consumerIds.sort()).toEqual(fresh.map((c) => c.consumerId).sort());
  });

  it('takes a move in two renegotiations whatever its size: one adding every created consumer, then one removing every closed one (never the removal first)', async () => {
    const { renegotiations, device: counting } = countingRenegotiations();
    const { session, tracks } = await started(counting);
    const old = [newConsumer('joint01', 'audio'), newConsumer('joint01', 'video'), newConsumer('joint02', 'audio'), newConsumer('joint02', 'video')];
    session.onConsumers({ closed: [], created: old });
    await settle();
    renegotiations.length = 0;
    const fresh = [newConsumer('caucus1', 'audio'), newConsumer('caucus1', 'video'), newConsumer('caucus2', 'audio')];
    session.onConsumers({ closed: old.map((c) => c.consumerId), created: fresh });
    await settle();
    expect(renegotiations).toEqual([
      { op: 'receive', count: 3 },
      { op: 'stopReceiving', count: 4 },
    ]);
    expect(tracks().map((t) => t.participantId).sort()).toEqual(['caucus1', 'caucus1', 'caucus2']);
    // A move that only takes away: one renegotiation however many (closeTogether).
    renegotiations.length = 0;
    session.onConsumers({ closed: fresh.map((c) => c.consumerId), created: [] });
    expect(tracks()).toEqual([]);
    await settle();
    expect(renegotiations).toEqual([{ op: 'stopReceiving', count: 3 }]);
  });

  it('removes a move\'s closed receivers only once the new space\'s video has its first packets (not while its key frame arrives)', async () => {
    const newVideos: Array<{ remoteUnmute(): void }> = [];
    const { renegotiations, device: counting } = countingRenegotiations((tracks) => {
      // As in a browser: a new remote track is muted until its first packets.
      for (const track of tracks) {
        const fake = track as unknown as { remoteMute(): void; remoteUnmute(): void };
        fake.remoteMute();
        if (track.kind === 'video') newVideos.push(fake);
      }
    });
    const { session, tracks } = await started(counting);
    const old = [newConsumer('joint01', 'audio'), newConsumer('joint01', 'video')];
    session.onConsumers({ closed: [], created: old });
    await settle();
    renegotiations.length = 0;
    newVideos.length = 0;
    let pictured = false;
    void session.onConsumers({ closed: old.map((c) => c.consumerId), created: [newConsumer('caucus1', 'audio'), newConsumer('caucus1', 'video')] }).then(() => (pictured = true));
    await settle();
    // The new receivers are made and shown; the old ones' removal waits for the new picture.
    expect(renegotiations).toEqual([{ op: 'receive', count: 2 }]);
    expect(pictured).toBe(false);
    expect(tracks().map((t) => t.participantId)).toEqual(['caucus1', 'caucus1']);
    expect(newVideos).toHaveLength(1);
    newVideos[0]!.remoteUnmute();
    await settle();
    expect(renegotiations).toEqual([{ op: 'receive', count: 2 }]);
    await new Promise((r) => setTimeout(r, 100));
    expect(renegotiations).toEqual([
      { op: 'receive', count: 2 },
      { op: 'stopReceiving', count: 2 },
    ]);
    // The room's frame waited for the same moment (RoomSession holds its renders on it).
    expect(pictured).toBe(true);
  });

  it('does not wait for the first picture of a paused camera: it sends nothing', async () => {
    const { device: counting } = countingRenegotiations((tracks) => tracks.forEach((t) => (t as unknown as { remoteMute(): void }).remoteMute()));
    const { session } = await started(counting);
    let pictured = false;
    void session.onConsumers({ closed: [], created: [{ ...newConsumer('caucus1', 'video'), producerPaused: true }] }).then(() => (pictured = true));
    await settle();
    expect(pictured).toBe(true);
  });

  it('ends the closed consumers\' tracks before the renegotiation that adds the new ones starts (ending one waits for WebRTC\'s signalling thread)', async () => {
    const ended: Array<Array<string>> = [];
    let oldTracks: MediaStreamTrack[] = [];
    const watching = deviceWith((handler) => {
      const receive = handler.receive.bind(handler);
      handler.receive = (list) => (ended.push(oldTracks.map((t) => t.readyState)), receive(list));
    });
    const { session, tracks } = await started(watching);
    const old = [newConsumer('joint01', 'audio'), newConsumer('joint01', 'video')];
    session.onConsumers({ closed: [], created: old });
    await settle();
    oldTracks = tracks().map((t) => t.track);
    expect(oldTracks.map((t) => t.readyState)).toEqual(['live', 'live']);
    ended.length = 0;
    session.onConsumers({ closed: old.map((c) => c.consumerId), created: [newConsumer('caucus1', 'audio'), newConsumer('caucus1', 'video')] });
    await settle();
    // One renegotiation adding the two new consumers, and the old tracks had ended when it began.
    expect(ended).toEqual([['ended', 'ended']]);
    expect(tracks().map((t) => t.participantId)).toEqual(['caucus1', 'caucus1']);
  });

  it('starts sending only once the receivers a join brought are made: their renegotiation and the producers\' do not run together', async () => {
    const log: string[] = [];
    const slowReceive = deviceWith((handler) => {
      const receive = handler.receive.bind(handler);
      const send = handler.send.bind(handler);
      // A browser's setRemoteDescription for the join's consumers takes tens of ms.
      handler.receive = async (list) => {
        // mediasoup-client adds its bandwidth probator (one more receiver) after the first video.
        if (list.every((l) => l.trackId === 'probator')) return receive(list);
        log.push(`receive started ${list.length}`);
        await new Promise((r) => setTimeout(r, 80));
        const made = await receive(list);
        log.push('receive done');
        return made;
      };
      handler.send = (opts) => (log.push(`send ${opts.track.kind}`), send(opts));
    });
    const server = fakeServer();
    const session = new MediaSession(server.request, { onRemoteTracks: () => undefined, onTransportState: () => undefined, onError: (m) => log.push(`error ${m}`) }, slowReceive);
    await session.prepare({ canProduce: true });
    // As on "Join": the space's consumers arrive before the join is answered, then sending starts.
    session.onConsumers({ closed: [], created: [newConsumer('ana001', 'audio'), newConsumer('ana001', 'video')] });
    const track = (kind: 'audio' | 'video') => ({ kind, id: `${kind}-1`, readyState: 'live', enabled: true, muted: false, addEventListener: () => undefined, removeEventListener: () => undefined, stop: () => undefined }) as unknown as MediaStreamTrack;
    await session.start({ canProduce: true, local: async () => ({ audio: track('audio'), video: track('video'), audioMuted: false, videoMuted: false }) });
    expect(log).toEqual(['receive started 2', 'receive done', 'send audio', 'send video']);
    // Someone alone in the room (nothing to receive) starts sending at once.
    log.length = 0;
    const alone = new MediaSession(fakeServer().request, { onRemoteTracks: () => undefined, onTransportState: () => undefined, onError: (m) => log.push(`error ${m}`) }, slowReceive);
    const t0 = Date.now();
    await alone.start({ canProduce: true, local: async () => ({ audio: track('audio'), audioMuted: false, videoMuted: false }) });
    expect(log).toEqual(['send audio']);
    expect(Date.now() - t0).toBeLessThan(1000);
    session.close();
    alone.close();
  });

  it('pre-connects before joining: transports from media:preconnect, and a data channel that makes the send transport connect', async () => {
    const calls: string[] = [];
    const request = (async (name: RequestName): Promise<Result<unknown>> => {
      calls.push(name);
      switch (name) {
        case 'media:getRouterCapabilities':
          return { ok: true, data: { rtpCapabilities: testFakeParameters.generateRouterRtpCapabilities() } };
        case 'media:preconnect':
          return { ok: true, data: { ...testFakeParameters.generateTransportRemoteParameters(), dataConsumer: null } };
        case 'media:produceData':
          return { ok: true, data: { dataProducerId: 'dp1' } };
        default:
          return { ok: true, data: {} };
      }
    }) as unknown as Requester;
    const session = new MediaSession(request, { onRemoteTracks: () => undefined, onTransportState: () => undefined, onError: () => undefined }, () => new Device({ handlerFactory: FakeHandler.createFactory(testFakeParameters) }));
    await session.prepare({ canProduce: true, preconnect: true });
    await settle();
    expect(calls.filter((n) => n === 'media:preconnect')).toHaveLength(2);
    expect(calls).not.toContain('media:createTransport');
    expect(calls).toContain('media:produceData');
    expect(calls).toContain('media:connectTransport');
    session.close();
  });
});
