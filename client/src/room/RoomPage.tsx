import { lazy, Suspense, useEffect, useMemo, useState } from 'react';
import { isCaucus, isMediatorRole, LOBBY, can, type InviteInfo } from '@mediation/shared';
import { localStreamFor, type LocalMediaChoice } from '../media/localMedia';
import { Tabs, type TabDef } from '../components/Tabs';

// Loaded on demand: the editors and the tower are large and not needed for the first video frame.
const BoardPanel = lazy(() => import('../board/BoardPanel').then((m) => ({ default: m.BoardPanel })));
const AgreementPanel = lazy(() => import('../agreement/AgreementPanel').then((m) => ({ default: m.AgreementPanel })));
const ControlTower = lazy(() => import('../tower/ControlTower').then((m) => ({ default: m.ControlTower })));
const FollowupPanel = lazy(() => import('../followup/FollowupPanel').then((m) => ({ default: m.FollowupPanel })));
const loading = <p className="muted" role="status">Loading…</p>;
import { RoomSession } from './roomSession';
import { installTestHook } from './testHook';
import { usePreloadPanels } from './preloadPanels';
import { BroadcastBanners, ConnectionBanner, WhereAmIBanner } from './Banners';
import { VideoGrid } from './VideoGrid';
import { ChatPanel } from './ChatPanel';
import { KnockPanel } from './KnockPanel';
import { SpaceTimer } from './SpaceTimer';
import { WaitingRoom } from './WaitingRoom';
import { StageTracker } from '../intake/StageTracker';
import { SessionEndNotice } from '../intake/SessionEndNotice';
import { Ended } from './Ended';
import { CallControls } from './CallControls';
import { Announcer, SpeakerAnnouncementToggle } from './Announcer';
import { PeopleList } from './PeopleList';
import { spaceName } from './describe';
import { mediatorAlerts, titleWithCount } from './alerts';
import { AlertSoundToggle, MediatorAlertBanner, useAlertSound } from './MediatorAlerts';
import {
  RoomStoreProvider, selectBroadcasts, selectChat, selectConnection, selectExpiredTimer, selectHasRemote, selectKnockAnswer,
  selectLocal, selectMediaError, selectMyKnock, selectRoom, selectTyping, useRoom,
} from './useRoom';

export interface RoomPageProps {
  session: RoomSession;
  info: InviteInfo;
  displayName: string;
  initialStream: MediaStream | null;
  wantedMedia: LocalMediaChoice | null;
}

/** The room for one person. The session (socket) was opened early by the join page; entering
 * sends the join and hands over the camera stream. */
export function RoomPage({ session, info, displayName, initialStream, wantedMedia }: RoomPageProps) {
  useEffect(() => {
    // Usually already entered by the join click (which saves a render).
    if (!session.entered) session.enter(displayName, localStreamFor(initialStream, wantedMedia));
    const removeHook = installTestHook(session);
    const onHide = () => session.stop();
    window.addEventListener('pagehide', onHide);
    return () => {
      window.removeEventListener('pagehide', onHide);
      removeHook();
    };
  }, [session, displayName, initialStream, wantedMedia]);
  return (
    <RoomStoreProvider value={session.store}>
      {/* Screen-reader live regions: mounted before anything is announced, kept across every state of the room. */}
      <Announcer />
      <Room session={session} title={info.title} />
    </RoomStoreProvider>
  );
}

/** The page frame. It reads only the slices it shows (not who is speaking: the tiles read that). */
function Room({ session, title }: { session: RoomSession; title: string }) {
  const connection = useRoom(selectConnection);
  const room = useRoom(selectRoom);
  const mediaError = useRoom(selectMediaError);
  const broadcasts = useRoom(selectBroadcasts);
  const expiredTimer = useRoom(selectExpiredTimer);
  const myKnock = useRoom(selectMyKnock);
  const knockAnswer = useRoom(selectKnockAnswer);
  const chat = useRoom(selectChat);
  const typing = useRoom(selectTyping);
  const local = useRoom(selectLocal);
  const where = room ? spaceName(room, room.self.space) : null;
  // Called before any early return: hooks run in the same order on every render.
  const docsReady = useDocumentsReady(useRoom(selectHasRemote));
  // The board, agreement and tower code is fetched once the room shows video (preloadPanels.ts).
  usePreloadPanels(session.store, !!room && isMediatorRole(room.self.role));
  // Knocks, hands and arrivals reach a mediator on any tab: badge, banner, sound and page title.
  const alerts = useMemo(() => mediatorAlerts(room), [room]);
  const sound = useAlertSound(alerts);
  const [tab, setTab] = useState<string | null>(null);
  useEffect(() => {
    document.title = titleWithCount(where ? `${where} · ${title}` : title, alerts.length);
  }, [where, title, alerts.length]);

  if (connection.kind === 'closed' || connection.kind === 'left') return <Ended connection={connection} token={session.tokenValue} />;
  if (!room) {
    return (
      <main className="page narrow">
        <h1>{title}</h1>
        <ConnectionBanner connection={connection} mediaError={null} />
        {connection.kind === 'failed' ? (
          <section className="card error-card stack" role="alert" data-testid="join-error" data-code={connection.error.code}>
            <p>{connection.error.message}</p>
            <button type="button" onClick={() => session.retryJoin()}>
              Try again
            </button>
          </section>
        ) : null}
      </main>
    );
  }

  const mediator = isMediatorRole(room.self.role);
  const leave = () => void session.leave();
  if (room.self.space === LOBBY && !mediator) {
    return (
      <main className="page narrow">
        <ConnectionBanner connection={connection} mediaError={null} />
        <WaitingRoom room={room} onLeave={leave} token={session.tokenValue} />
      </main>
    );
  }

  const mySpace = room.spaces.find((s) => s.id === room.self.space);
  const currentTab = tab ?? (mediator ? 'tower' : 'board');
  const tabs: TabDef[] = [];
  const n = alerts.length;
  if (mediator) tabs.push({ id: 'tower', label: 'Control tower', badge: n, badgeLabel: `${n} need${n === 1 ? 's' : ''} your attention`, render: () => (
        <Suspense fallback={loading}>
          {docsReady ? <ControlTower session={session} room={room} /> : loading}
        </Suspense>
      ) });
  tabs.push({ id: 'board', label: 'Board', render: () => (
        <Suspense fallback={loading}>
          {docsReady ? <BoardPanel token={session.tokenValue} room={room} /> : loading}
        </Suspense>
      ) });
  tabs.push({ id: 'agreement', label: 'Agreement', render: () => (
        <Suspense fallback={loading}>
          {docsReady ? <AgreementPanel token={session.tokenValue} room={room} /> : loading}
        </Suspense>
      ) });
  // The closing stage: the mediator builds the follow-up plan; everyone confirms their email.
  tabs.push({ id: 'followup', label: 'Follow-up', render: () => (
        <Suspense fallback={loading}>
          <FollowupPanel token={session.tokenValue} room={room} />
        </Suspense>
      ) });

  return (
    <main className="page">
      <header className="row wrap" style={{ justifyContent: 'space-between' }}>
        <h1>{room.title}</h1>
        <span className="row wrap">
          {mediator ? <AlertSoundToggle {...sound} /> : null}
          <SpeakerAnnouncementToggle />
          <SpaceTimer endsAt={mySpace?.timerEndsAt ?? null} label={mySpace?.timerLabel ?? null} expired={mySpace?.timerExpired} />
        </span>
      </header>
      <ConnectionBanner connection={connection} mediaError={mediaError} />
      <StageTracker token={session.tokenValue} sessionId={room.sessionId} mediator={mediator} />
      {/* The session-wide hard stop warns everyone (people's own hard stops stay in the tower). */}
      <SessionEndNotice token={session.tokenValue} sessionId={room.sessionId} />
      <BroadcastBanners broadcasts={broadcasts} onDismiss={(id) => session.dismissBroadcast(id)} />
      {expiredTimer && expiredTimer.space === room.self.space ? (
        <div className="banner banner-info" role="status" data-testid="timer-expired">
          Time is up{expiredTimer.label ? ` for “${expiredTimer.label}”` : ''}.
        </div>
      ) : null}
      <WhereAmIBanner room={room} />
      {mediator ? <MediatorAlertBanner alerts={alerts} session={session} visible={currentTab !== 'tower'} onGoToTower={() => setTab('tower')} /> : null}
      <div className="room">
        <div>
          <VideoGrid room={room} local={local} />
          <CallControls session={session} room={room} local={local} onLeave={leave} />
          <Tabs tabs={tabs} label="Session tools" selected={currentTab} onSelect={setTab} />
        </div>
        <aside aria-label={`Side panel: ${spaceName(room, room.self.space)}`}>
          {isCaucus(room.self.space) && can(room.self.role, 'knock') ? (
            <KnockPanel session={session} myKnock={myKnock} answer={knockAnswer} mediatorPresent={!!mySpace?.mediatorPresent} />
          ) : null}
          <ChatPanel session={session} room={room} chat={chat} typing={typing} />
          <PeopleList room={room} session={session} />
        </aside>
      </div>
    </main>
  );
}


/** The board and agreement panels (a few hundred kB of editor code, plus their own document
 * connection) start once the first remote media has arrived, or after a short wait when nobody
 * else is sending: on a busy machine they would otherwise compete with the join for the first
 * video frame. */
const DOCUMENTS_AT_THE_LATEST_MS = 1500;
function useDocumentsReady(mediaArrived: boolean): boolean {
  const [ready, setReady] = useState(false);
  useEffect(() => {
    if (ready) return;
    if (mediaArrived) {
      setReady(true);
      return;
    }
    const timer = window.setTimeout(() => setReady(true), DOCUMENTS_AT_THE_LATEST_MS);
    return () => window.clearTimeout(timer);
  }, [ready, mediaArrived]);
  return ready;
}
