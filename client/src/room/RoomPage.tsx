import { useTranslation } from 'react-i18next';
import { lazy, memo, Suspense, useEffect, useId, useMemo, useState, type ReactNode } from 'react';
import { isCaucus, isMediatorRole, LOBBY, can, type InviteInfo } from '@mediation/shared';
import { localStreamFor, type LocalMediaChoice } from '../media/localMedia';

// Loaded on demand: the editors and the tower are large and not needed for the first video frame.
// Memoised, like every panel's content below: they re-render when the room view they are given
// changes, not when the page re-renders for a panel opened or a menu toggled.
const BoardPanel = memo(lazy(() => import('../board/BoardPanel').then((m) => ({ default: m.BoardPanel }))));
const AgreementPanel = memo(lazy(() => import('../agreement/AgreementPanel').then((m) => ({ default: m.AgreementPanel }))));
const ControlTower = memo(lazy(() => import('../tower/ControlTower').then((m) => ({ default: m.ControlTower }))));
const ToolsPanel = memo(lazy(() => import('../tower/ToolsPanel').then((m) => ({ default: m.ToolsPanel }))));
const FollowupPanel = memo(lazy(() => import('../followup/FollowupPanel').then((m) => ({ default: m.FollowupPanel }))));
function Loading() {
  const { t } = useTranslation();
  return <p className="loading" role="status">{t('common:loading')}</p>;
}
const loading = <Loading />;
import { RoomSession } from './roomSession';
import { mark } from '../lib/marks';
import { installTestHook } from './testHook';
import { usePreloadPanels } from './preloadPanels';
import { BroadcastBanners, ConnectionBanner, WhereAmIBanner } from './Banners';
import { VideoGrid, type StageView } from './VideoGrid';
import { ChatPanel as ChatPanelNow } from './ChatPanel';
import { KnockPanel } from './KnockPanel';
import { SpaceTimer } from './SpaceTimer';
import { WaitingRoom } from './WaitingRoom';
import { StageTracker } from '../intake/StageTracker';
import { SessionEndNotice } from '../intake/SessionEndNotice';
import { Ended } from './Ended';
import { CallControls, RoamMenu as RoamMenuNow } from './CallControls';
import { DeviceSettings } from './DeviceSettings';
import { CaptionsOverlay } from './CaptionsOverlay';
import { InterpretationPicker } from './InterpretationPicker';
import { Panel } from '../layout/Panel';
import { BarButton } from '../layout/BarButton';
import { Icon, type IconName } from '../layout/Icon';
import { ThemeToggle } from '../layout/ThemeToggle';
import { LanguagePicker } from '../i18n/LanguagePicker';
import { useFormat } from '../i18n/useFormat';
import { useNarrow } from '../layout/useNarrow';
import { closePanel, initialPanels, isOpen, openPanel, togglePanel, toggleSheet, type OpenPanels, type PanelId } from '../layout/panels';
import { Announcer, SpeakerAnnouncementToggle } from './Announcer';
import { PeopleList as PeopleListNow } from './PeopleList';
import { spaceName } from './describe';
import { mediatorAlerts, titleWithCount } from './alerts';
import { AlertSoundToggle, MediatorAlertBanner, useAlertSound } from './MediatorAlerts';
import {
  RoomStoreProvider, selectBroadcasts, selectChat, selectConnection, selectExpiredTimer, selectHasRemote, selectKnockAnswer,
  selectLocal, selectMediaError, selectMyKnock, selectRoom, selectTyping, useRoom, useRoomInTransition,
} from './useRoom';
import { errorText } from '../i18n/errorText';
import { whenIdle } from '../lib/idle';

const ChatPanel = memo(ChatPanelNow);
const PeopleList = memo(PeopleListNow);
const RoamMenu = memo(RoamMenuNow);

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
    mark('room-mounted');
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

/** The page frame: a full window (no page scroll) with a top bar, calm notices, the video stage,
 * panels beside it, and the control bar. It reads only the slices it shows (not who is speaking:
 * the tiles read that), and reads them in transitions (useRoomInTransition): on a move, the stage
 * (VideoGrid, which reads the room itself) changes at once, and the frame and its panels follow
 * in a render React does in slices, so the move's SDP negotiation and first frame are not held
 * behind one long render of the whole page (issue 17, move bench). */
function Room({ session, title }: { session: RoomSession; title: string }) {
  const connection = useRoomInTransition(selectConnection);
  const room = useRoomInTransition(selectRoom);
  const mediaError = useRoomInTransition(selectMediaError);
  const broadcasts = useRoomInTransition(selectBroadcasts);
  const expiredTimer = useRoomInTransition(selectExpiredTimer);
  const myKnock = useRoomInTransition(selectMyKnock);
  const knockAnswer = useRoomInTransition(selectKnockAnswer);
  const chat = useRoomInTransition(selectChat);
  const typing = useRoomInTransition(selectTyping);
  const local = useRoomInTransition(selectLocal);
  const where = room ? spaceName(room, room.self.space) : null;
  // Called before any early return: hooks run in the same order on every render.
  const docsReady = useDocumentsReady();
  // The board, agreement and tower code is fetched once the room shows video (preloadPanels.ts).
  usePreloadPanels(session.store, !!room && isMediatorRole(room.self.role));
  // Knocks, hands and arrivals reach a mediator on any panel: badge, banner, sound and page title.
  const alerts = useMemo(() => mediatorAlerts(room), [room]);
  const sound = useAlertSound(alerts);
  const narrow = useNarrow();
  const { t } = useTranslation();
  const mediator = room ? isMediatorRole(room.self.role) : false;
  const [panels, setPanels] = useState<OpenPanels | null>(null);
  const [sheet, setSheet] = useState<PanelId | null>(null);
  const [focusTokens, setFocusTokens] = useState<Partial<Record<PanelId, number>>>({});
  const [view, setView] = useState<StageView>('grid');
  const moved = useMovedNotice(room ? room.self.space : null, where);
  const unread = useUnread(chat.length, narrow ? sheet === 'chat' : !!panels && isOpen(panels, 'chat'));
  useEffect(() => {
    document.title = titleWithCount(where ? `${where} · ${title}` : title, alerts.length);
  }, [where, title, alerts.length]);
  // The first layout is chosen once the room is known (a mediator starts on the tower).
  useEffect(() => {
    if (room && !panels) setPanels(initialPanels(isMediatorRole(room.self.role)));
  }, [room, panels]);

  if (connection.kind === 'closed' || connection.kind === 'left') return <Ended connection={connection} token={session.tokenValue} />;
  if (!room) {
    return (
      <main className="center-page">
        <section className="card stack" data-testid="room-loading">
          <h1>{title}</h1>
          <ConnectionBanner connection={connection} mediaError={null} />
          {connection.kind === 'failed' ? (
            <section className="card error-card stack" role="alert" data-testid="join-error" data-code={connection.error.code}>
              <p>{errorText(connection.error)}</p>
              <button type="button" onClick={() => session.retryJoin()}>
                {t('common:actions.retry')}
              </button>
            </section>
          ) : (
            <p className="loading">{t('layout:loadingRoom')}</p>
          )}
        </section>
      </main>
    );
  }

  const leave = () => void session.leave();
  if (room.self.space === LOBBY && !mediator) {
    return (
      <main className="center-page">
        <ConnectionBanner connection={connection} mediaError={null} />
        <WaitingRoom room={room} onLeave={leave} token={session.tokenValue} />
      </main>
    );
  }

  const open = panels ?? initialPanels(mediator);
  const focus = (id: PanelId) => setFocusTokens((t) => ({ ...t, [id]: (t[id] ?? 0) + 1 }));
  const toggle = (id: PanelId) => {
    const opening = narrow ? sheet !== id : !isOpen(open, id);
    if (narrow) setSheet(toggleSheet(sheet, id));
    else setPanels(togglePanel(open, id));
    if (opening) focus(id);
  };
  const show = (id: PanelId) => {
    if (narrow) setSheet(id);
    else setPanels(openPanel(open, id));
    focus(id);
  };
  const close = (id: PanelId) => (narrow ? setSheet(null) : setPanels(closePanel(open, id)));
  // On a phone one panel shows, as a sheet over everything; the rest of the room is inert.
  const shown = (id: PanelId) => (narrow ? sheet === id : isOpen(open, id));
  const sheetOpen = narrow && sheet !== null;
  const wideOpen = !narrow && open.wide !== null;
  const sideOpen = !narrow && open.side !== null;
  const mySpace = room.spaces.find((s) => s.id === room.self.space);
  const caucus = isCaucus(room.self.space);
  const n = alerts.length;
  const others = room.participants.filter((p) => p.online && p.id !== room.self.id).length;
  // A panel open on the wide layout stays mounted (hidden) while the window is phone-sized, so
  // its state (a half-filled form, a selection) is there again when the window widens.
  const panelProps = (id: PanelId) => ({ id, open: shown(id), sheet: narrow, onClose: () => close(id), focusToken: focusTokens[id] ?? 0, keepMounted: isOpen(open, id) });

  const toggles: Array<{ id: PanelId; icon: IconName; label: string; short?: string; badge?: number; badgeLabel?: string; tip: string; narrowBar?: boolean }> = [
    { id: 'chat', icon: 'chat', label: t('layout:panels.chat'), badge: unread, badgeLabel: t('layout:panels.unread', { count: unread }), tip: t('layout:panels.chatTip'), narrowBar: true },
    { id: 'people', icon: 'people', label: t('layout:panels.people'), tip: t('layout:panels.peopleTip') },
    { id: 'board', icon: 'board', label: t('layout:panels.board'), tip: t('layout:panels.boardTip') },
    { id: 'agreement', icon: 'doc', label: t('layout:panels.agreement'), tip: t('layout:panels.agreementTip') },
    { id: 'followup', icon: 'followup', label: t('layout:panels.followup'), tip: t('layout:panels.followupTip') },
  ];
  if (mediator) {
    toggles.push({ id: 'tower', icon: 'tower', label: t('layout:panels.tower'), short: t('layout:panels.towerShort'), badge: n, badgeLabel: t('layout:panels.attention', { count: n }), tip: t('layout:panels.towerTip'), narrowBar: true });
    toggles.push({ id: 'tools', icon: 'tools', label: t('layout:panels.tools'), short: t('layout:panels.toolsShort'), tip: t('layout:panels.toolsTip') });
  }

  return (
    <div className="room-shell" data-testid="room-shell" data-narrow={narrow ? 'true' : 'false'}>
      <header className="room-top" inert={sheetOpen}>
        <h1 className="room-title hide-narrow">{room.title}</h1>
        <WhereAmIBanner />
        <span className="spacer" />
        <SpaceTimer endsAt={mySpace?.timerEndsAt ?? null} label={mySpace?.timerLabel ?? null} expired={mySpace?.timerExpired} />
        <ConnectionBanner connection={connection} mediaError={null} compact />
        <ThemeToggle />
        {/* Sound and screen-reader preferences: set once, so out of the way. */}
        <details className="top-menu" data-testid="room-settings">
          <summary className="icon-button" aria-label={t('layout:roomSettings')} title={t('layout:roomSettings')}>
            <Icon name="more" />
          </summary>
          <div className="top-menu-panel stack">
            {/* Each person's own language, changed here without leaving the room (i18n). */}
            <LanguagePicker />
            {mediator ? <AlertSoundToggle {...sound} /> : null}
            <SpeakerAnnouncementToggle />
          </div>
        </details>
      </header>
      <div className="room-notices" inert={sheetOpen}>
        {mediaError ? (
          <div className="banner banner-warn" role="alert" data-testid="media-error">
            {mediaError}
          </div>
        ) : null}
        <StageTracker token={session.tokenValue} sessionId={room.sessionId} mediator={mediator} />
        {/* The session-wide hard stop warns everyone (people's own hard stops stay in the tower). */}
        <SessionEndNotice token={session.tokenValue} sessionId={room.sessionId} />
        <BroadcastBanners broadcasts={broadcasts} onDismiss={(id) => session.dismissBroadcast(id)} />
        {expiredTimer && expiredTimer.space === room.self.space ? (
          <div className="banner banner-info" role="status" data-testid="timer-expired">
            {expiredTimer.label ? t('room:timer.upFor', { label: expiredTimer.label }) : t('room:timer.upNotice')}
          </div>
        ) : null}
        {mediator ? <MediatorAlertBanner alerts={alerts} session={session} visible={!shown('tower')} onGoToTower={() => show('tower')} /> : null}
        {caucus && can(room.self.role, 'knock') ? (
          <KnockPanel session={session} myKnock={myKnock} answer={knockAnswer} mediatorPresent={!!mySpace?.mediatorPresent} />
        ) : null}
      </div>
      <main className="room-body" data-wide={wideOpen ? 'open' : 'closed'} data-side={sideOpen ? 'open' : 'closed'}>
        <div className="room-stage" data-testid="stage" inert={sheetOpen}>
          <VideoGrid strip={wideOpen} narrow={narrow} view={view} />
          <CaptionsOverlay session={session} room={room} />
          {!wideOpen && others > 1 ? (
            <div className="stage-tools" role="group" aria-label={t('layout:videoLayout')}>
              <button type="button" aria-pressed={view === 'grid'} onClick={() => setView('grid')} data-testid="view-grid">
                {t('layout:grid')}
              </button>
              <button type="button" aria-pressed={view === 'speaker'} onClick={() => setView('speaker')} data-testid="view-speaker">
                {t('layout:speaker')}
              </button>
            </div>
          ) : null}
          {/* "You were moved": over the video, so nothing below moves; it fades after a few seconds. */}
          {moved ? (
            <div className="moved-toast" data-testid="moved-toast" aria-hidden="true">
              {t('layout:movedTo', { space: moved })}
            </div>
          ) : null}
          {connection.kind === 'reconnecting' ? (
            <div className="reconnect-veil" aria-hidden="true">
              {t('layout:reconnecting')}
            </div>
          ) : null}
        </div>
        {mediator ? (
          <Panel {...panelProps('tower')} kind="wide" title={t('layout:panels.tower')}>
            <Suspense fallback={loading}>
              {docsReady ? <ControlTower session={session} room={room} /> : loading}
            </Suspense>
          </Panel>
        ) : null}
        <Panel {...panelProps('board')} kind="wide" title={t('layout:panels.board')}>
          <Suspense fallback={loading}>{docsReady ? <BoardPanel token={session.tokenValue} room={room} /> : loading}</Suspense>
        </Panel>
        <Panel {...panelProps('agreement')} kind="wide" title={t('layout:panels.agreement')}>
          <Suspense fallback={loading}>{docsReady ? <AgreementPanel token={session.tokenValue} room={room} /> : loading}</Suspense>
        </Panel>
        {/* The closing stage: the mediator builds the follow-up plan; everyone confirms their email. */}
        <Panel {...panelProps('followup')} kind="wide" title={t('layout:panels.followup')}>
          <Suspense fallback={loading}>
            <FollowupPanel token={session.tokenValue} room={room} />
          </Suspense>
        </Panel>
        <Panel {...panelProps('chat')} kind="side" title={t('layout:panels.chat')} keepMounted={true}>
          <ChatPanel session={session} room={room} chat={chat} typing={typing} />
        </Panel>
        <Panel {...panelProps('people')} kind="side" title={t('layout:panels.peopleTitle', { count: others + 1 })} keepMounted={true}>
          <RoamMenu session={session} room={room} />
          <PeopleList room={room} session={session} />
        </Panel>
        {mediator ? (
          <Panel {...panelProps('tools')} kind="side" title={t('layout:panels.tools')}>
            <Suspense fallback={loading}>
              <ToolsPanel session={session} room={room} />
            </Suspense>
          </Panel>
        ) : null}
      </main>
      <footer className="control-bar" inert={sheetOpen}>
        <div className="bar-group bar-left">
          <Clock />
          <span className="bar-clock" aria-hidden="true">·</span>
          <span className="bar-clock">{where}</span>
          <InterpretationPicker room={room} />
        </div>
        <CallControls session={session} room={room} local={local} onLeave={leave} />
        <div className="bar-group bar-right" role="toolbar" aria-label={t('layout:panels.label')}>
          {toggles.map((tg) => (
            <BarButton
              key={tg.id}
              icon={tg.icon}
              label={tg.short ?? tg.label}
              name={tg.label}
              tip={tg.tip}
              badge={tg.badge}
              badgeLabel={tg.badgeLabel}
              pressed={shown(tg.id)}
              testId={`tab-${tg.id}`}
              className={tg.narrowBar ? '' : 'wide-only'}
              onClick={() => toggle(tg.id)}
            />
          ))}
          <MoreMenu items={toggles.filter((tg) => !tg.narrowBar).map((tg) => ({ id: tg.id, label: tg.label, pressed: shown(tg.id) }))} onPick={toggle}>
            {can(room.self.role, 'produce') ? <DeviceSettings session={session} stream={local.stream} /> : null}
            {/* On a phone the bar's left part (where the picker sits) is hidden: offer it here. */}
            {narrow ? <InterpretationPicker room={room} /> : null}
          </MoreMenu>
        </div>
      </footer>
    </div>
  );
}

/** The name of the space I was just moved to, for a few seconds after a move (not on arrival).
 * Screen readers hear the move from the Announcer; this is the visual note. */
const MOVED_NOTICE_MS = 5000;
function useMovedNotice(space: string | null, name: string | null): string | null {
  const [notice, setNotice] = useState<string | null>(null);
  const [previous, setPrevious] = useState<string | null>(space);
  if (space !== previous) {
    setPrevious(space);
    if (previous !== null && space !== null && name) setNotice(name);
  }
  useEffect(() => {
    if (!notice) return;
    const t = window.setTimeout(() => setNotice(null), MOVED_NOTICE_MS);
    return () => window.clearTimeout(t);
  }, [notice]);
  return notice;
}

/** Chat messages that arrived while the chat was not showing. */
function useUnread(count: number, visible: boolean): number {
  const [seen, setSeen] = useState(count);
  useEffect(() => {
    if (visible) setSeen(count);
  }, [visible, count]);
  return visible ? 0 : Math.max(0, count - seen);
}

function Clock() {
  const format = useFormat();
  // Shown from the first idle moment, not in the room's first render: if the join page had no time
  // to warm date formatting (a quick click), the first time formatted in the page looks up the
  // browser's time zone (40-150 ms), which would sit between the click and the first remote frame.
  const [now, setNow] = useState<Date | null>(null);
  useEffect(() => {
    const cancel = whenIdle(() => setNow(new Date()), 1000);
    const t = window.setInterval(() => setNow(new Date()), 15_000);
    return () => {
      cancel();
      window.clearInterval(t);
    };
  }, []);
  // In the person's language, like every other time on their screen (i18n/format.ts).
  return <span className="bar-clock">{now ? format.time(now) : ''}</span>;
}

/** On a phone the bar keeps the essentials; the other panels and the devices are one tap away. */
function MoreMenu({ items, onPick, children }: { items: Array<{ id: PanelId; label: string; pressed: boolean }>; onPick: (id: PanelId) => void; children?: ReactNode }) {
  const [open, setOpen] = useState(false);
  const menuId = useId();
  const { t } = useTranslation();
  return (
    <div className="bar-more narrow-only" onKeyDown={(e) => e.key === 'Escape' && setOpen(false)}>
      <BarButton icon="more" label={t('layout:more')} name={t('layout:moreOptions')} expanded={open} testId="bar-more" onClick={() => setOpen((o) => !o)} />
      {open ? (
        <div className="bar-more-menu" id={menuId} role="group" aria-label={t('layout:moreOptions')}>
          {items.map((i) => (
            <button
              key={i.id}
              type="button"
              aria-pressed={i.pressed}
              data-testid={`more-${i.id}`}
              onClick={() => {
                setOpen(false);
                onPick(i.id);
              }}
            >
              {i.label}
            </button>
          ))}
          {children}
        </div>
      ) : null}
    </div>
  );
}

/** The board and agreement panels (a few hundred kB of editor code, plus their own document
 * connection) start once the first remote media has arrived, or after a short wait when nobody
 * else is sending: on a busy machine they would otherwise compete with the join for the first
 * video frame. */
const DOCUMENTS_AT_THE_LATEST_MS = 1500;
const selectMediaAlreadyArrived = (): boolean => true;
function useDocumentsReady(): boolean {
  const [ready, setReady] = useState(false);
  // Watched only until ready: every move empties the remote list for a moment and fills it
  // again, and each flip of this slice re-rendered the whole room twice per move, on the main
  // thread the move's renegotiation and first frame wait for (issue 17, move bench).
  const mediaArrived = useRoom(ready ? selectMediaAlreadyArrived : selectHasRemote);
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
