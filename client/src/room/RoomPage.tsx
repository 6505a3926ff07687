import { lazy, Suspense, useEffect, useState } from 'react';
import { isCaucus, isMediatorRole, JOINT, LOBBY, can, type InviteInfo, type RoomView, type SpaceId } from '@mediation/shared';
import { localStreamFor, type LocalMediaChoice } from '../media/localMedia';
import { useStore } from '../lib/store';
import { Tabs, type TabDef } from '../components/Tabs';

// Loaded on demand: the editors and the tower are large and not needed for the first video frame.
const BoardPanel = lazy(() => import('../board/BoardPanel').then((m) => ({ default: m.BoardPanel })));
const AgreementPanel = lazy(() => import('../agreement/AgreementPanel').then((m) => ({ default: m.AgreementPanel })));
const ControlTower = lazy(() => import('../tower/ControlTower').then((m) => ({ default: m.ControlTower })));
const loading = <p className="muted" role="status">Loading…</p>;
import { RoomSession } from './roomSession';
import { installTestHook } from './testHook';
import { BroadcastBanners, ConnectionBanner, WhereAmIBanner } from './Banners';
import { VideoGrid } from './VideoGrid';
import { ChatPanel } from './ChatPanel';
import { KnockPanel } from './KnockPanel';
import { SpaceTimer } from './SpaceTimer';
import { WaitingRoom } from './WaitingRoom';
import { Ended } from './Ended';
import { DeviceSettings } from './DeviceSettings';
import { PeopleList } from './PeopleList';
import { spaceName } from './describe';

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
  return <Room session={session} title={info.title} />;
}

function Room({ session, title }: { session: RoomSession; title: string }) {
  const state = useStore(session.store);
  const { connection, room } = state;
  const where = room ? spaceName(room, room.self.space) : null;
  useEffect(() => {
    document.title = where ? `${where} · ${title}` : title;
  }, [where, title]);

  if (connection.kind === 'closed' || connection.kind === 'left') return <Ended connection={connection} />;
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
        <WaitingRoom room={room} onLeave={leave} />
      </main>
    );
  }

  const mySpace = room.spaces.find((s) => s.id === room.self.space);
  const tabs: TabDef[] = [];
  if (mediator) tabs.push({ id: 'tower', label: 'Control tower', render: () => (
        <Suspense fallback={loading}>
          <ControlTower session={session} room={room} />
        </Suspense>
      ) });
  tabs.push({ id: 'board', label: 'Board', render: () => (
        <Suspense fallback={loading}>
          <BoardPanel token={session.tokenValue} room={room} />
        </Suspense>
      ) });
  tabs.push({ id: 'agreement', label: 'Agreement', render: () => (
        <Suspense fallback={loading}>
          <AgreementPanel token={session.tokenValue} room={room} />
        </Suspense>
      ) });
  const hasMic = !!state.local.stream?.getAudioTracks().length;
  const hasCam = !!state.local.stream?.getVideoTracks().length;
  const produces = can(room.self.role, 'produce');

  return (
    <main className="page">
      <header className="row wrap" style={{ justifyContent: 'space-between' }}>
        <h1>{room.title}</h1>
        <SpaceTimer endsAt={mySpace?.timerEndsAt ?? null} label={mySpace?.timerLabel ?? null} />
      </header>
      <ConnectionBanner connection={connection} mediaError={state.mediaError} />
      <BroadcastBanners broadcasts={state.broadcasts} onDismiss={(id) => session.dismissBroadcast(id)} />
      {state.expiredTimer && state.expiredTimer.space === room.self.space ? (
        <div className="banner banner-info" role="status" data-testid="timer-expired">
          Time is up{state.expiredTimer.label ? ` for “${state.expiredTimer.label}”` : ''}.
        </div>
      ) : null}
      <WhereAmIBanner room={room} />
      <div className="room">
        <div>
          <VideoGrid room={room} remote={state.remote} speaking={state.speaking} local={state.local} />
          <div className="controls" role="toolbar" aria-label="Call controls">
            {produces ? (
              <>
                <button
                  type="button"
                  data-testid="toggle-mic"
                  aria-pressed={state.local.audioMuted}
                  className={state.local.audioMuted ? 'toggle-off' : undefined}
                  disabled={!hasMic}
                  onClick={() => void session.toggle('mic')}
                >
                  {!hasMic ? 'No microphone' : state.local.audioMuted ? 'Unmute microphone' : 'Mute microphone'}
                </button>
                <button
                  type="button"
                  data-testid="toggle-camera"
                  aria-pressed={state.local.videoMuted}
                  className={state.local.videoMuted ? 'toggle-off' : undefined}
                  disabled={!hasCam}
                  onClick={() => void session.toggle('cam')}
                >
                  {!hasCam ? 'No camera' : state.local.videoMuted ? 'Turn camera on' : 'Turn camera off'}
                </button>
              </>
            ) : (
              <span className="muted">You are an observer: others cannot see or hear you.</span>
            )}
            <span role="status" className="sr-only">
              {state.local.audioMuted ? 'Your microphone is muted.' : ''} {state.local.videoMuted ? 'Your camera is off.' : ''}
            </span>
            {produces ? <DeviceSettings session={session} stream={state.local.stream} /> : null}
            {can(room.self.role, 'knock') ? <HandButton session={session} raised={!!room.participants.find((p) => p.id === room.self.id)?.handRaised} /> : null}
            {room.settings.allowRoaming && can(room.self.role, 'roam') ? <RoamMenu session={session} room={room} /> : null}
            <button type="button" className="danger" data-testid="leave" onClick={leave}>
              Leave
            </button>
          </div>
          <Tabs tabs={tabs} label="Session tools" initial={mediator ? 'tower' : 'board'} />
        </div>
        <aside aria-label={`Side panel: ${spaceName(room, room.self.space)}`}>
          {isCaucus(room.self.space) && can(room.self.role, 'knock') ? (
            <KnockPanel session={session} myKnock={state.myKnock} answer={state.knockAnswer} mediatorPresent={!!mySpace?.mediatorPresent} />
          ) : null}
          <ChatPanel session={session} room={room} chat={state.chat} typing={state.typing} />
          <PeopleList room={room} />
        </aside>
      </div>
    </main>
  );
}

function HandButton({ session, raised }: { session: RoomSession; raised: boolean }) {
  return (
    <button type="button" className="secondary" aria-pressed={raised} data-testid="raise-hand" onClick={() => void session.request('hand:set', { raised: !raised })}>
      {raised ? 'Lower hand' : 'Raise hand'}
    </button>
  );
}

/** Only when the mediator allows roaming: parties choose their own space. */
function RoamMenu({ session, room }: { session: RoomSession; room: RoomView }) {
  const [error, setError] = useState<string | null>(null);
  // From a caucus the projection does not list the joint room, but it is always a place to go.
  const visible = room.spaces.some((s) => s.id === JOINT) ? room.spaces : [...room.spaces, { id: JOINT, name: 'Joint session' }];
  const choices = visible.filter((s) => s.id !== LOBBY && s.id !== room.self.space);
  if (choices.length === 0) return null;
  return (
    <label className="row">
      <span>Go to</span>
      <select
        value=""
        data-testid="roam-menu"
        onChange={(e) => {
          const space = e.target.value as SpaceId;
          if (!space) return;
          void session.request('space:enter', { space }).then((r) => setError(r.ok ? null : r.error.message));
        }}
      >
        <option value="">Choose a space…</option>
        {choices.map((s) => (
          <option key={s.id} value={s.id}>
            {s.name}
          </option>
        ))}
      </select>
      {error ? (
        <span className="error" role="alert">
          {error}
        </span>
      ) : null}
    </label>
  );
}
