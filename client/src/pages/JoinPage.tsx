import { useCallback, useEffect, useRef, useState, type FormEvent } from 'react';
import { can, type AppError, type InviteInfo } from '@mediation/shared';
import { getInvite } from '../api';
import { parseInviteFragment } from '../lib/token';
import { DevicePreview, type PreviewState } from '../join/DevicePreview';
import { LinkErrorPage } from './LinkErrorPage';
import { RoomPage } from '../room/RoomPage';
import { SessionEndedPage } from '../room/SessionRecord';
import { RoomSession } from '../room/roomSession';
import { connectRoomSocket } from '../socket';
import { loadMediasoupClient } from '../media/mediaSession';
import { localStreamFor, stopStream, type LocalMediaChoice } from '../media/localMedia';

type Phase =
  | { kind: 'checking' }
  | { kind: 'bad-link'; error: AppError | null }
  | { kind: 'device-check'; info: InviteInfo }
  /** The link is fine but the session has ended: its record page, not the room. */
  | { kind: 'ended'; info: InviteInfo }
  | { kind: 'in-room'; info: InviteInfo; displayName: string; stream: MediaStream | null; wanted: LocalMediaChoice | null };

type OnJoin = (stream: MediaStream | null, wanted: LocalMediaChoice | null, proposedName: string | undefined) => void;

const ROLE_LABEL: Record<string, string> = { mediator: 'Mediator', comediator: 'Co-mediator', party: 'Party', attorney: 'Attorney / advisor', observer: 'Observer', interpreter: 'Interpreter' };

/** `/join#t=<token>`: checks the link, runs the device check, then hands over to the room. */
export function JoinPage() {
  const [token] = useState(() => parseInviteFragment(window.location.hash));
  const [phase, setPhase] = useState<Phase>(() => (token ? { kind: 'checking' } : { kind: 'bad-link', error: null }));
  // The socket connects while the link is checked and the camera starts, so joining is one round trip.
  const [session, setSession] = useState<RoomSession | null>(null);
  useEffect(() => {
    if (!token) return;
    void loadMediasoupClient().catch(() => undefined);
    const s = new RoomSession(token, connectRoomSocket(token));
    setSession(s);
    return () => s.stop({ keepCamera: true });
  }, [token]);
  const badLink = phase.kind === 'bad-link' || phase.kind === 'ended';
  useEffect(() => {
    if (badLink) session?.stop({ keepCamera: true });
  }, [badLink, session]);

  useEffect(() => {
    if (!token) return;
    let cancelled = false;
    void getInvite(token).then((r) => {
      if (cancelled) return;
      if (r.ok && (r.data.phase === 'ended' || r.data.phase === 'archived')) return setPhase({ kind: 'ended', info: r.data });
      setPhase(r.ok ? { kind: 'device-check', info: r.data } : { kind: 'bad-link', error: r.error });
    });
    return () => {
      cancelled = true;
    };
  }, [token]);

  if (phase.kind === 'checking') {
    return (
      <main className="page narrow" aria-busy="true">
        <p role="status">Checking your link…</p>
      </main>
    );
  }
  if (phase.kind === 'ended' && token) return <SessionEndedPage token={token} info={phase.info} />;
  if (phase.kind === 'bad-link' || !token) return <LinkErrorPage error={phase.kind === 'bad-link' ? phase.error : null} />;
  if (phase.kind === 'in-room' && session) {
    return <RoomPage session={session} info={phase.info} displayName={phase.displayName} initialStream={phase.stream} wantedMedia={phase.wanted} />;
  }
  return <DeviceCheck info={phase.info} onJoin={(stream, wanted, proposedName) => {
        // Join inside the click, not after the room renders: it saves a render and a paint.
        const displayName = phase.info.displayName;
        session?.enter(displayName, localStreamFor(stream, wanted), proposedName);
        setPhase({ kind: 'in-room', info: phase.info, displayName, stream, wanted });
      }} />;
}

function DeviceCheck({ info, onJoin }: { info: InviteInfo; onJoin: OnJoin }) {
  // Names are set by the mediator's invitation; a person can only ask for a correction.
  const [correcting, setCorrecting] = useState(false);
  const [correction, setCorrection] = useState(info.displayName);
  const preview = useRef<PreviewState | null>(null);
  const handedOver = useRef(false);
  // Observers send no audio or video, so they get no camera check (it would ask for a camera for nothing).
  const sends = can(info.role, 'produce');
  const [opening, setOpening] = useState(sends);
  const onChange = useCallback((s: PreviewState) => {
    preview.current = s;
    setOpening(s.opening);
  }, []);

  // If the person leaves this page without joining, release the camera.
  useEffect(
    () => () => {
      if (!handedOver.current) stopStream(preview.current?.stream);
    },
    [],
  );

  function join(e: FormEvent) {
    e.preventDefault();
    handedOver.current = true;
    const p = preview.current;
    // If the camera is still starting, the room opens it itself with the same choice.
    const wanted = p && !p.stream && p.opening && !p.problem ? p.choice : null;
    const asked = correction.trim();
    onJoin(p?.stream ?? null, wanted, correcting && asked && asked !== info.displayName ? asked : undefined);
  }

  return (
    <main className="page narrow">
      <h1 data-testid="join-title">{info.title}</h1>
      <p className="muted">
        You are invited as <strong>{ROLE_LABEL[info.role] ?? info.role}</strong>
        {info.side ? ` for the ${info.side} side` : ''}.{info.waitingRoom && info.role !== 'mediator' && info.role !== 'comediator' ? ' You will wait in the waiting room until the mediator lets you in.' : ''}
      </p>
      <form onSubmit={join} className="stack">
        <section className="card stack">
          <div className="field">
            <span>Your name, as others will see it</span>
            <strong data-testid="your-name">{info.displayName}</strong>
          </div>
          {correcting ? (
            <label className="field">
              <span>Your name as it should be</span>
              <input data-testid="name-correction" maxLength={60} value={correction} onChange={(e) => setCorrection(e.target.value)} autoFocus />
              <span className="muted">The mediator gets this when you join and changes your name if it is right. Until then you appear as {info.displayName}.</span>
            </label>
          ) : (
            <div>
              <button type="button" className="secondary" data-testid="ask-name-correction" onClick={() => setCorrecting(true)}>
                Ask the mediator to correct my name
              </button>
            </div>
          )}
        </section>
        {sends ? (
          <DevicePreview onChange={onChange} />
        ) : (
          <p className="card" data-testid="observer-note">
            You are joining as an observer: you will see and hear, but not be seen or heard. No camera or microphone is needed.
          </p>
        )}
        <div>
          <button type="submit" data-testid="join-button" aria-describedby={opening ? 'opening-note' : undefined}>
            Join the session
          </button>
          {opening ? (
            <span id="opening-note" className="muted">
              {' '}
              (camera still starting; you can join anyway)
            </span>
          ) : null}
        </div>
      </form>
    </main>
  );
}
