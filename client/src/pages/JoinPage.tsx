import { lazy, startTransition, Suspense, useCallback, useEffect, useRef, useState, type FormEvent } from 'react';
import { Trans, useTranslation } from 'react-i18next';
import { LanguagePicker } from '../i18n/LanguagePicker';
import { suggestLanguage } from '../i18n';
import { warmDateFormatting } from '../i18n/format';
import { whenIdle } from '../lib/idle';
import { can, DEFAULT_LANGUAGE, toLanguage, type AppError, type InviteInfo } from '@mediation/shared';
import { getInvite } from '../api';
import { parseInviteFragment } from '../lib/token';
import { DevicePreview, type PreviewState } from '../join/DevicePreview';
import { LinkErrorPage } from './LinkErrorPage';
import { loadRoomPage } from '../room/preloadPanels';
import { RoomSession } from '../room/roomSession';
import { connectRoomSocket } from '../socket';
import { loadMediasoupClient } from '../media/mediaSession';
import { dropEarly, localStreamFor, openEarly, stopStream, type LocalMediaChoice } from '../media/localMedia';
import { unverifiedRole } from '../lib/token';
import { discardBoot, removeBootHolder, takeBootMedia } from '../join/boot';

type Phase =
  | { kind: 'checking' }
  | { kind: 'bad-link'; error: AppError | null }
  | { kind: 'device-check'; info: InviteInfo }
  /** The link is fine but the session has ended: its record page, not the room. */
  | { kind: 'ended'; info: InviteInfo }
  /** `room`: the room's module if it had loaded by the click (rendered directly), else null (lazy). */
  | { kind: 'in-room'; info: InviteInfo; displayName: string; stream: MediaStream | null; wanted: LocalMediaChoice | null; room: RoomModule | null };

// The room is not part of the join page's first download: it is fetched while the person looks at
// their preview (see the effect below), so the link opens to the preview sooner.
const RoomPage = lazy(() => loadRoomPage().then((m) => ({ default: m.RoomPage })));
type RoomModule = Awaited<ReturnType<typeof loadRoomPage>>;
// An ended session's record (with its follow-up plan) is for the few who open a link afterwards.
const SessionEndedPage = lazy(() => import('../room/SessionRecord').then((m) => ({ default: m.SessionEndedPage })));

type OnJoin = (stream: MediaStream | null, wanted: LocalMediaChoice | null, proposedName: string | undefined) => void;


/** `/join#t=<token>`: checks the link, runs the device check, then hands over to the room. */
export function JoinPage() {
  const { t, i18n } = useTranslation('join');
  const [token] = useState(() => parseInviteFragment(window.location.hash));
  const [phase, setPhase] = useState<Phase>(() => (token ? { kind: 'checking' } : { kind: 'bad-link', error: null }));
  // The socket connects while the link is checked and the camera starts, so joining is one round trip.
  const [session, setSession] = useState<RoomSession | null>(null);
  useEffect(() => {
    if (!token) return discardBoot();
    void loadMediasoupClient().catch(() => undefined);
    // The camera starts with the page (the link check runs meanwhile) for someone who sends; on a
    // join link join-boot.js has asked already, before this code loaded: that request is taken over.
    const role = unverifiedRole(token);
    const sends = !!role && can(role as InviteInfo['role'], 'produce');
    if (sends) openEarly(navigator.mediaDevices, takeBootMedia());
    else discardBoot();
    const s = new RoomSession(token, connectRoomSocket(token));
    // Media pre-connects at once, alongside the link check, not after it (the socket's handshake
    // checks the same token; the pre-connection receives nothing about anyone): every bit of it
    // done before the click is off the click's path.
    if (role) s.preconnect(sends);
    setSession(s);
    return () => {
      s.stop({ keepCamera: true });
      dropEarly();
    };
  }, [token]);
  const badLink = phase.kind === 'bad-link' || phase.kind === 'ended';
  // Once the link is known good: connect media before the click (the role says whether this person
  // sends), and fetch the room's code in the background.
  const previewing = phase.kind === 'device-check' ? phase.info : null;
  // The room's module once fetched: rendered directly on "Join", not through lazy/Suspense, whose
  // first render shows a fallback and then holds the room back (React reveals suspended content
  // at the earliest 300 ms after a fallback appeared).
  const [loadedRoom, setLoadedRoom] = useState<RoomModule | null>(null);
  useEffect(() => {
    if (!previewing || !session) return;
    session.preconnect(can(previewing.role, 'produce'));
    let cancelled = false;
    const later = window.setTimeout(
      () =>
        void loadRoomPage().then(
          (m) => !cancelled && setLoadedRoom(m),
          () => undefined,
        ),
      0,
    );
    // The room's clock would otherwise pay for it right after the click: the first date formatted
    // in a page looks up the browser's time zone, 40-150 ms of main thread (CPU profiles of the
    // join bench, issue 17). Not behind the room's code, which may still be loading at the click.
    const cancelWarm = whenIdle(() => warmDateFormatting(toLanguage(i18n.language) ?? DEFAULT_LANGUAGE), 500);
    return () => {
      cancelled = true;
      window.clearTimeout(later);
      cancelWarm();
    };
  }, [previewing, session, i18n]);
  useEffect(() => {
    if (badLink) session?.stop({ keepCamera: true });
    if (badLink) dropEarly();
    if (badLink) discardBoot();
  }, [badLink, session]);

  useEffect(() => {
    if (!token) return;
    let cancelled = false;
    void getInvite(token).then((r) => {
      if (cancelled) return;
      // The language recorded for this person (intake answer, or the mediator's choice when
      // inviting) is a suggestion: their own choice on this page, once made, wins.
      if (r.ok) void suggestLanguage(r.data.language);
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
        <p role="status">{t('checking')}</p>
      </main>
    );
  }
  if (phase.kind === 'ended' && token) {
    return (
      <Suspense fallback={<main className="page narrow" aria-busy="true" />}>
        <SessionEndedPage token={token} info={phase.info} />
      </Suspense>
    );
  }
  if (phase.kind === 'bad-link' || !token) return <LinkErrorPage error={phase.kind === 'bad-link' ? phase.error : null} />;
  if (phase.kind === 'in-room' && session && phase.room) {
    const Room = phase.room.RoomPage;
    return <Room session={session} info={phase.info} displayName={phase.displayName} initialStream={phase.stream} wantedMedia={phase.wanted} />;
  }
  if (phase.kind === 'in-room' && session) {
    return (
      <Suspense fallback={<main className="page narrow" aria-busy="true" />}>
        <RoomPage session={session} info={phase.info} displayName={phase.displayName} initialStream={phase.stream} wantedMedia={phase.wanted} />
      </Suspense>
    );
  }
  return <DeviceCheck info={phase.info} onJoin={(stream, wanted, proposedName) => {
        // Join inside the click, not after the room renders: it saves a render and a paint.
        const displayName = phase.info.displayName;
        session?.enter(displayName, localStreamFor(stream, wanted), proposedName);
        // A transition: the room's first render (the heaviest on this page) yields to the join's
        // answer and the media set-up instead of holding the main thread right after the click.
        const inRoom: Phase = { kind: 'in-room', info: phase.info, displayName, stream, wanted, room: loadedRoom };
        startTransition(() => setPhase(inRoom));
        // Once the join is answered the room has its video tiles to show, and its consumes are under
        // way: the render is urgent from then on. Left in the transition it yielded to every socket
        // message and WebRTC callback, and under load the room mounted after its first remote frame
        // was ready (375-432 ms after the click, packets there at ~340; session 24's join bench).
        if (session) {
          const stop = session.store.subscribe(() => {
            if (!session.store.get().room) return;
            stop();
            setPhase(inRoom);
          });
        }
      }} />;
}

function DeviceCheck({ info, onJoin }: { info: InviteInfo; onJoin: OnJoin }) {
  const { t } = useTranslation('join');
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
      // Joined before the camera showed: join-boot.js must not show it under the room later.
      removeBootHolder();
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
    <main className="page narrow join-page">
      <LanguagePicker />
      <h1 data-testid="join-title">{info.title}</h1>
      <p className="muted" data-testid="invited-as">
        {info.side ? (
          <Trans t={t} i18nKey="invitedAsForSide" values={{ role: t(`common:roles.${info.role}`), side: info.side }} components={{ strong: <strong /> }} />
        ) : (
          <Trans t={t} i18nKey="invitedAs" values={{ role: t(`common:roles.${info.role}`) }} components={{ strong: <strong /> }} />
        )}
        {info.waitingRoom && info.role !== 'mediator' && info.role !== 'comediator' ? ` ${t('waitNote')}` : ''}
      </p>
      <form onSubmit={join} className="stack">
        <section className="card stack">
          <div className="field">
            <span>{t('yourName')}</span>
            <strong data-testid="your-name">{info.displayName}</strong>
          </div>
          {correcting ? (
            <label className="field">
              <span>{t('nameAsItShouldBe')}</span>
              <input data-testid="name-correction" maxLength={60} value={correction} onChange={(e) => setCorrection(e.target.value)} autoFocus />
              <span className="muted">{t('correctionNote', { name: info.displayName })}</span>
            </label>
          ) : (
            <div>
              <button type="button" className="secondary" data-testid="ask-name-correction" onClick={() => setCorrecting(true)}>
                {t('askCorrection')}
              </button>
            </div>
          )}
        </section>
        {sends ? (
          <DevicePreview onChange={onChange} />
        ) : (
          <p className="card" data-testid="observer-note">
            {t('observerNote')}
          </p>
        )}
        {/* On a phone the join button stays at the bottom, under the thumb. */}
        <div className="join-actions">
          <button type="submit" data-testid="join-button" aria-describedby={opening ? 'opening-note' : undefined}>
            {t('join')}
          </button>
          {opening ? (
            <span id="opening-note" className="muted">
              {' '}
              {t('cameraStarting')}
            </span>
          ) : null}
        </div>
      </form>
    </main>
  );
}
