/**
 * Drives one person's presence in the room: the socket (given, so this class can be tested with a
 * stand-in), the join, the media session, and every server notification. What a notification
 * does to the state is the pure `reduceRoom` (reducer.ts); this class performs the side effects.
 */
import { can, isMediatorRole, LOBBY, notificationSchemas, type ChatTarget, type NotificationName } from '@mediation/shared';
import { MediaSession, preloadDevice, type ConsumerStats } from '../media/mediaSession';
import type { Device } from 'mediasoup-client';
import { openLocalMedia, stopStream } from '../media/localMedia';
import { describeMediaError, mediaTrouble } from '../lib/mediaErrors';
import { errorText } from '../i18n/errorText';
import { Store } from '../lib/store';
import { handshakeError, REROUTE_CODES, requester, type Requester, type RoomSocket } from '../socket';
import { initialRoomState, type RoomState } from './state';
import { movedBetween, reduceRoom, type RoomEvent, type RoomNotification } from './reducer';
import { playChime } from './chime';
import { mark } from '../lib/marks';
import { publishSideScore } from '../board/liveScores';
import { addCaptions, clearCaptions, publishCaption } from './captions';
import { publishAgreementChange, publishRejoined } from '../agreement/liveChanges';
import { publishStageChange } from '../intake/stageSignal';
import { publishPlanChange } from '../intake/planSignal';

/** The longest the room's re-render waits for a move's receivers (see 'media:consumers'). */
const RENDER_HOLD_MAX_MS = 600;
/** The longest the frame around the stage waits for a move's first picture (see 'media:consumers'). */
const FRAME_HOLD_MAX_MS = 900;
/** Reasons the server gives when it refuses the handshake or the join for good: retrying is useless. */
const FINAL_CODES = new Set(['TOKEN_INVALID', 'TOKEN_EXPIRED', 'TOKEN_REVOKED', 'UNAUTHORIZED', 'SESSION_ENDED', 'PROTOCOL_MISMATCH']);

export class RoomSession {
  readonly store: Store<RoomState>;
  readonly request: Requester;
  private media: MediaSession | null = null;
  private stopped = false;
  /** True once *this* connection's session:join is acknowledged. Notifications can arrive
   * earlier (connection-state recovery replays them), and media must not start before it. */
  private joined = false;
  private mediaAttempts = 0;
  /** The media device, loaded once on the first connect while the join page is still showing. */
  private device: Promise<Device | null> | null = null;
  /** Set by `preconnect` (the join page knows whether this person sends): transports are made and
   * connected before the click, while nobody in the room knows of this page. */
  private early: { canProduce: boolean } | null = null;
  /** Whether `media` has been told to produce (it may exist earlier: the pre-connection). */
  private mediaStarted = false;

  /** Set by `enter`: until then the socket is connected (early, to save the handshake time)
   * but this person has not joined. */
  private entry: { displayName: string; localStream: Promise<MediaStream | null>; proposedName?: string } | null = null;

  /** `socket`: the page passes `connectRoomSocket(token)`; this class owns it from then on. */
  constructor(private readonly token: string, private readonly socket: RoomSocket) {
    this.store = new Store(initialRoomState(null));
    this.request = requester(this.socket);
    this.wire();
  }

  /** Joins the session (now, or as soon as the socket is connected). Idempotent. */
  enter(displayName: string, localStream: Promise<MediaStream | null>, proposedName?: string): void {
    if (this.entry || this.stopped) return;
    this.entry = { displayName, localStream, proposedName };
    void localStream.then((stream) => this.store.update((s) => ({ ...s, local: { ...s.local, stream } })));
    if (this.socket.connected) {
      this.set({ connection: { kind: 'joining' } });
      void this.join();
    }
  }

  /**
   * Connects media before joining: the device, both transports and their ICE and DTLS, while the
   * person looks at their preview. The server gives a pre-joined connection nothing about the
   * room; the transports then carry the room's media from the click on, and wait in the waiting
   * room too, so admission is as fast as the click.
   */
  preconnect(canProduce: boolean): void {
    if (this.early || this.stopped) return;
    this.early = { canProduce };
    if (this.socket.connected && !this.entry) this.makeMedia(true);
  }

  get entered(): boolean {
    return this.entry !== null;
  }

  private get localStream(): Promise<MediaStream | null> {
    return this.entry?.localStream ?? Promise.resolve(null);
  }

  get tokenValue(): string {
    return this.token;
  }

  private set(patch: Partial<RoomState>): void {
    this.store.update((s) => ({ ...s, ...patch }));
  }

  private wire(): void {
    const s = this.socket;
    s.on('connect', () => {
      this.device ??= preloadDevice(this.request).catch(() => null);
      if (this.early && !this.entry && !this.media) this.makeMedia(true);
      this.set({ socketId: s.id ?? null, connection: { kind: this.entry ? 'joining' : 'connecting' } });
      if (this.entry) void this.join();
    });
    s.on('disconnect', (reason) => {
      this.joined = false;
      this.mediaAttempts = 0;
      this.dropMedia();
      if (this.stopped || reason === 'io client disconnect') return;
      const current = this.store.get().connection.kind;
      if (current === 'closed' || current === 'left') return;
      this.set({ socketId: null, connection: { kind: 'reconnecting', attempt: 0 } });
      // socket.io does not retry after a server-side disconnect; if the server meant it, it says so
      // with session:closed first (handled above), so anything else is worth a retry.
      if (reason === 'io server disconnect') window.setTimeout(() => !this.stopped && this.socket.connect(), 500);
    });
    s.io.on('reconnect_attempt', (attempt) => {
      if (this.store.get().connection.kind === 'reconnecting') this.set({ connection: { kind: 'reconnecting', attempt } });
    });
    s.on('connect_error', (err) => {
      const refused = handshakeError(err);
      // "Not on this node" (clustered): socket.ts asks the route and reconnects; keep waiting.
      const rerouted = refused !== null && REROUTE_CODES.has(refused.code);
      // A refused handshake (middleware error) leaves the socket inactive: it will not retry.
      if ((!s.active && !rerouted) || (refused && FINAL_CODES.has(refused.code))) {
        s.disconnect();
        this.finish({ kind: 'closed', reason: refused?.code ?? 'refused', message: refused?.message || err.message });
        return;
      }
      if (this.store.get().connection.kind !== 'connecting') this.set({ connection: { kind: 'reconnecting', attempt: 0 } });
    });

    // Every notification the protocol names goes through one path: the reducer, then its effects.
    const on = s.on.bind(s) as unknown as (event: NotificationName, fn: (payload: unknown) => void) => void;
    for (const event of Object.keys(notificationSchemas) as NotificationName[]) {
      on(event, (payload) => this.receive({ event, payload } as RoomNotification));
    }
  }

  /** Applies one event to the state, then does what the change asks of the world outside it. */
  private receive(e: RoomEvent): void {
    const before = this.store.get();
    this.store.update((st) => reduceRoom(st, e));
    const after = this.store.get();
    switch (e.event) {
      case 'session:closed':
        this.dropMedia();
        this.socket.disconnect();
        return;
      case 'room:state': {
        const room = after.room;
        if (!room) return;
        const moved = movedBetween(before, after);
        // A new space: the old one's captions are not shown in it.
        if (moved) clearCaptions();
        if (moved) void this.loadHistory();
        // Put on hold: the server closed our transports. Connect new ones while waiting (they
        // carry nothing there), so being let back in is as fast as the first admission.
        if (moved && room.self.space === LOBBY && !isMediatorRole(room.self.role)) {
          this.dropMedia();
          if (this.early) this.makeMedia(true);
        }
        this.maybeStartMedia();
        return;
      }
      case 'media:newConsumer':
        this.media?.onNewConsumer(e.payload);
        return;
      case 'media:consumers': {
        const media = this.media;
        if (!media) return;
        // A move (or an admission) brings new receivers: the page re-renders for the new space
        // only once they are negotiated. That render (old tiles out, new ones in) takes the main
        // thread for 50-150 ms on a busy machine; run between the steps of the negotiation, it
        // delayed each of them. Held, it runs while the server resumes the new consumers and the
        // senders make their key frames, which is waiting time for the page anyway. Not on the
        // join itself (this message comes before the join's answer): the room is being mounted
        // then, and nothing older is on screen. The tracks closed by this message stop at once.
        if (e.payload.created.length > 0 && this.joined) {
          let negotiated!: () => void;
          this.store.holdRenders(new Promise<void>((resolve) => (negotiated = resolve)), RENDER_HOLD_MAX_MS);
          const picture = media.onConsumers(e.payload);
          // This person moved (the message also closes the old space's consumers): the frame
          // around the stage (bars, notices, panels: useRoomInTransition) waits longer, for the
          // new space's first picture, so only the stage's render stands between the key frame
          // and the screen. Not when someone joins this person's space (nothing closes): the
          // frame then shows that person's own doing (a mediator's tower after a drag) at once.
          if (e.payload.closed.length > 0) this.store.holdRenders(picture, FRAME_HOLD_MAX_MS, 'deferrable');
          void media.receiversMade(RENDER_HOLD_MAX_MS).then(negotiated);
        } else void media.onConsumers(e.payload);
        return;
      }
      case 'media:consumerClosed':
        this.media?.onConsumerClosed(e.payload.consumerId);
        return;
      case 'media:consumerPaused':
      case 'media:consumerResumed':
        this.media?.onConsumerPaused(e.payload.consumerId, e.event === 'media:consumerPaused');
        return;
      // A side member scored an option: open boards show it at once (see board/liveScores.ts).
      case 'board:scored':
        publishSideScore(e.payload);
        return;
      // Something in the agreement changed that we may read: the open panel refetches.
      case 'agreement:changed':
        publishAgreementChange(e.payload);
        return;
      // The stage tracker refetches (intake/StageTracker.tsx).
      case 'stage:changed':
        publishStageChange(e.payload);
        return;
      // The room plan was remade: the tower and the hard-stop notice refetch (intake/planSignal.ts).
      case 'plan:changed':
        publishPlanChange(e.payload);
        return;
      case 'timer:expired':
        playChime();
        return;
      // Live captions of this space (the overlay reads them from room/captions.ts).
      case 'caption:line':
        publishCaption(e.payload);
        return;
      default:
        return;
    }
  }

  private async join(): Promise<void> {
    if (!this.entry) return;
    mark('join-sent');
    const r = await this.request('session:join', { displayName: this.entry.displayName });
    mark('join-answered');
    if (this.stopped) return;
    if (!r.ok) {
      if (FINAL_CODES.has(r.error.code)) {
        this.socket.disconnect();
        this.finish({ kind: 'closed', reason: r.error.code, message: r.error.message });
      } else {
        this.set({ connection: { kind: 'failed', error: r.error } });
      }
      return;
    }
    this.joined = true;
    this.set({ connection: { kind: 'connected' } });
    this.receive({ event: 'room:state', payload: r.data.room });
    // Agreement hints sent while we were away were lost with the old connection.
    publishRejoined();
    // A name correction asked for on the join page goes to the mediators once, after the first join.
    const proposed = this.entry.proposedName;
    if (proposed) {
      this.entry.proposedName = undefined;
      void this.request('name:propose', { displayName: proposed });
    }
    void this.loadHistory();
  }

  /** Retry after a failed join (e.g. session full) without reloading the page. */
  retryJoin(): void {
    if (this.socket.connected) {
      this.set({ connection: { kind: 'joining' } });
      void this.join();
    } else {
      this.socket.connect();
    }
  }

  private async loadHistory(): Promise<void> {
    const r = await this.request('chat:history', {});
    if (r.ok) this.receive({ event: 'chat:history', payload: r.data });
    // Captions come back only when the session keeps them (otherwise the server has none).
    if (this.store.get().room?.settings.keepCaptions) {
      const c = await this.request('caption:history', {});
      if (c.ok) addCaptions(c.data.lines);
    }
  }

  /** People in the waiting room send nothing and receive nothing (their pre-connected transports
   * wait there); sending starts when they are admitted. */
  private maybeStartMedia(): void {
    const room = this.store.get().room;
    if (this.mediaStarted || !room || !this.socket.connected || !this.joined) return;
    if (room.self.space === LOBBY && !isMediatorRole(room.self.role)) return;
    const media = this.media ?? this.makeMedia(false);
    this.mediaStarted = true;
    void media
      .start({
        canProduce: can(room.self.role, 'produce'),
        preloaded: this.device ?? undefined,
        local: async () => {
          await this.localStream;
          // The current stream, which a device switch may have replaced since joining.
          const { stream, audioMuted, videoMuted } = this.store.get().local;
          return { audio: stream?.getAudioTracks()[0], video: stream?.getVideoTracks()[0], audioMuted, videoMuted };
        },
      })
      .catch((err: unknown) => this.mediaFailed(media, err));
  }

  /** The media session: before joining (`early`: the pre-connection) or once in the room. */
  private makeMedia(early: boolean): MediaSession {
    const media = new MediaSession(this.request, {
      onRemoteTracks: (remote) => this.set({ remote }),
      onTransportState: (direction, state) => {
        if (state === 'failed') this.set({ mediaError: mediaTrouble.connectionFailed(direction) });
        if (state === 'connected') this.set({ mediaError: null });
        // A failed transport will not heal by itself: reconnecting rebuilds everything.
        if (state === 'failed' && this.socket.connected) {
          this.socket.disconnect();
          this.socket.connect();
        }
      },
      onError: (message) => this.set({ mediaError: message }),
    });
    this.media = media;
    if (early && this.early) {
      mark('preconnect-sent');
      // A failed pre-connection only loses the head start: media is set up after joining instead.
      void media.prepare({ canProduce: this.early.canProduce, preloaded: this.device ?? undefined, preconnect: true }).then(
        () => mark('preconnect-ready'),
        () => {
          if (this.media !== media || this.mediaStarted) return;
          media.close();
          this.media = null;
        },
      );
    }
    return media;
  }

  private mediaFailed(media: MediaSession, err: unknown): void {
    if (this.media !== media) return;
    media.close();
    this.media = null;
    this.mediaStarted = false;
    const again = ++this.mediaAttempts < 3;
    this.set({ mediaError: mediaTrouble.startFailed(err, again) });
    if (again) window.setTimeout(() => this.maybeStartMedia(), 1000);
  }

  private dropMedia(): void {
    this.media?.close();
    this.media = null;
    this.mediaStarted = false;
    this.store.update((s) => (s.remote.length || s.speaking.length || s.typing.length ? { ...s, remote: [], speaking: [], typing: [] } : s));
  }

  private finish(connection: RoomState['connection']): void {
    this.dropMedia();
    this.set({ connection, socketId: null });
  }

  async toggle(source: 'mic' | 'cam'): Promise<void> {
    const { local } = this.store.get();
    const key = source === 'mic' ? 'audioMuted' : 'videoMuted';
    const muted = !local[key];
    const track = source === 'mic' ? local.stream?.getAudioTracks()[0] : local.stream?.getVideoTracks()[0];
    if (track) track.enabled = !muted;
    this.store.update((s) => ({ ...s, local: { ...s.local, [key]: muted } }));
    const r = await this.media?.setPaused(source, muted);
    if (r && !r.ok) this.set({ mediaError: errorText(r.error) });
  }

  sendChat(to: ChatTarget, text: string) {
    return this.request('chat:send', { to, text });
  }

  async knock(message: string) {
    const r = await this.request('knock:send', { message });
    if (r.ok) this.set({ myKnock: r.data.knock, knockAnswer: null });
    return r;
  }

  dismissBroadcast(id: number): void {
    this.store.update((s) => ({ ...s, broadcasts: s.broadcasts.filter((b) => b.id !== id) }));
  }

  dismissKnockAnswer(): void {
    this.set({ knockAnswer: null });
  }

  async getStats(): Promise<{ consumers: ConsumerStats[] }> {
    return { consumers: (await this.media?.getStats()) ?? [] };
  }

  get socketId(): string | null {
    return this.socket.id ?? null;
  }

  async leave(): Promise<void> {
    if (this.socket.connected) await this.request('session:leave', {}, 2000);
    this.stop();
    this.set({ connection: { kind: 'left' } });
  }

  /** Ends everything this page holds: socket, media, and (unless kept for a remount) the camera. */
  stop(opts: { keepCamera?: boolean } = {}): void {
    this.stopped = true;
    this.socket.removeAllListeners();
    this.socket.disconnect();
    this.dropMedia();
    if (!opts.keepCamera) {
      void this.localStream.then(stopStream);
      stopStream(this.store.get().local.stream);
    }
  }

  /** Switches to another camera or microphone during the call. */
  async switchDevice(kind: 'audio' | 'video', deviceId: string): Promise<void> {
    const source = kind === 'audio' ? 'mic' : 'cam';
    let track: MediaStreamTrack | undefined;
    try {
      const fresh = await openLocalMedia({ mic: kind === 'audio', cam: kind === 'video', micId: deviceId, camId: deviceId });
      track = fresh?.getTracks()[0];
    } catch (err) {
      this.set({ mediaError: describeMediaError(err, { cam: kind === 'video', mic: kind === 'audio' }).message });
      return;
    }
    if (!track) return;
    const { local } = this.store.get();
    const muted = kind === 'audio' ? local.audioMuted : local.videoMuted;
    track.enabled = !muted;
    const old = local.stream?.getTracks().filter((t) => t.kind === kind) ?? [];
    const kept = local.stream?.getTracks().filter((t) => t.kind !== kind) ?? [];
    await this.media?.useTrack(source, track, muted);
    old.forEach((t) => t.stop());
    this.store.update((s) => ({ ...s, mediaError: null, local: { ...s.local, stream: new MediaStream([...kept, track]) } }));
  }
}
