import { useState, type DragEvent, type FormEvent } from 'react';
import { JOINT, LOBBY, LIMITS, type Knock, type ParticipantView, type SpaceId, type SpaceView } from '@mediation/shared';
import { formatSince } from '../room/describe';
import { SpaceTimer } from '../room/SpaceTimer';
import { DRAG_TYPE, PersonRow } from './PersonRow';
import type { Act } from './useAction';

interface Props {
  space: SpaceView;
  members: ParticipantView[];
  spaces: SpaceView[];
  knocks: Knock[];
  selfId: string;
  selected: Set<string>;
  onToggle: (id: string) => void;
  act: Act;
  now: number;
}

/** One space in the control tower: who is there, talking, timer, knocks, mediator visits. */
export function SpaceCard({ space, members, spaces, knocks, selfId, selected, onToggle, act, now }: Props) {
  const [dropping, setDropping] = useState(false);
  const lobby = space.id === LOBBY;
  const caucus = !lobby && space.id !== JOINT;
  const selection = [...selected];
  const headingId = `space-${space.id.replace(/[^A-Za-z0-9_-]/g, '-')}`;

  function onDrop(e: DragEvent) {
    e.preventDefault();
    setDropping(false);
    let ids: string[] = [];
    try {
      ids = JSON.parse(e.dataTransfer.getData(DRAG_TYPE) || '[]') as string[];
    } catch {
      return;
    }
    const moving = ids.filter((id) => !members.some((m) => m.id === id));
    if (moving.length === 0) return;
    if (lobby) void act('control:hold', { participantIds: moving }, 'Sent to the waiting room.');
    else void act('control:move', { participantIds: moving, to: space.id }, `Moved to ${space.name}.`);
  }

  return (
    <section
      className={`space-card${dropping ? ' drop-target' : ''}${space.talking ? ' talking' : ''}`}
      data-testid="space-card"
      data-space-id={space.id}
      data-empty={members.length === 0 ? 'true' : 'false'}
      aria-labelledby={headingId}
      onDragOver={(e) => {
        if (!e.dataTransfer.types.includes(DRAG_TYPE)) return;
        e.preventDefault();
        e.dataTransfer.dropEffect = 'move';
        setDropping(true);
      }}
      onDragLeave={() => setDropping(false)}
      onDrop={onDrop}
    >
      <header className="row wrap" style={{ justifyContent: 'space-between' }}>
        <h3 id={headingId}>
          {space.name} <span className="muted">({members.length})</span>
        </h3>
        <span className="row wrap">
          {space.talking ? (
            <span className="badge badge-speaking" data-testid="talking">
              Talking
            </span>
          ) : (
            <span className="badge badge-neutral">Quiet</span>
          )}
        </span>
      </header>
      {!lobby ? (
        <p className="muted" style={{ margin: '0.2rem 0', fontSize: '0.85rem' }} data-testid="mediator-presence">
          {space.mediatorPresent ? 'A mediator is here.' : `No mediator. Last visit: ${formatSince(space.mediatorLastVisitAt, now)}.`}
        </p>
      ) : null}
      {!lobby ? <SpaceTimer endsAt={space.timerEndsAt} label={space.timerLabel} expired={space.timerExpired} /> : null}

      {knocks.map((k) => (
        <KnockItem key={k.id} knock={k} act={act} />
      ))}

      <ul className="people" aria-label={`People in ${space.name}`}>
        {members.length === 0 ? <li className="muted">{lobby ? 'No one is waiting.' : 'Empty. Drop people here or use “Move to…”.'}</li> : null}
        {members.map((p) => (
          <PersonRow key={p.id} person={p} selfId={selfId} spaces={spaces} selected={selected.has(p.id)} selection={selection} onToggle={onToggle} act={act} />
        ))}
      </ul>

      <div className="row wrap space-foot">
        {lobby && members.length > 0 ? (
          <button type="button" data-testid="admit-all" onClick={() => void act('control:admit', { all: true }, 'Everyone waiting was admitted.')}>
            Admit all ({members.length})
          </button>
        ) : null}
        {!lobby && !members.some((m) => m.id === selfId) ? (
          <button type="button" className="secondary" data-testid="go-here" onClick={() => void act('control:move', { participantIds: [selfId], to: space.id }, `You joined ${space.name}.`)}>
            Join this space
          </button>
        ) : null}
        {/* The detail of a space on demand: its timer, and renaming or closing a caucus. */}
        {!lobby ? <TimerForm space={space} act={act} /> : null}
        {caucus ? <CaucusAdmin space={space} spaces={spaces} act={act} /> : null}
      </div>
    </section>
  );
}

function KnockItem({ knock, act }: { knock: Knock; act: Act }) {
  const [reply, setReply] = useState('');
  return (
    <div className="knock" data-testid="knock-item" data-knock-id={knock.id} role="group" aria-label={`Knock from ${knock.fromName}`}>
      <div>
        <strong>Knock: {knock.fromName}</strong> is asking for a mediator{knock.message ? `: “${knock.message}”` : '.'} <span style={{ fontSize: '0.8rem' }}>({new Date(knock.at).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' })})</span>
      </div>
      <div className="row wrap" style={{ marginTop: 4 }}>
        <button type="button" data-testid="knock-join" onClick={() => void act('control:answerKnock', { knockId: knock.id, join: true }, `You joined ${knock.fromName}.`)}>
          Join them
        </button>
        <input aria-label={`Reply to ${knock.fromName}`} value={reply} maxLength={LIMITS.chatMaxChars} onChange={(e) => setReply(e.target.value)} placeholder="Reply…" />
        <button type="button" className="secondary" data-testid="knock-reply" onClick={() => void act('control:answerKnock', { knockId: knock.id, reply: reply.trim() || 'I will be with you shortly.', join: false }, 'Reply sent.')}>
          Reply
        </button>
      </div>
    </div>
  );
}

function TimerForm({ space, act }: { space: SpaceView; act: Act }) {
  const [minutes, setMinutes] = useState('5');
  const [label, setLabel] = useState('');
  function submit(e: FormEvent) {
    e.preventDefault();
    const seconds = Math.round(Number(minutes) * 60);
    if (!Number.isFinite(seconds) || seconds < 1) return;
    void act('control:setTimer', { space: space.id, seconds: Math.min(seconds, LIMITS.maxTimerSeconds), label: label.trim() }, `Timer set for ${space.name}.`);
  }
  return (
    <details>
      <summary>Timer</summary>
      <form onSubmit={submit} className="row wrap" style={{ marginTop: 4 }}>
        <label className="field">
          <span>Minutes</span>
          <input type="number" min={0.05} max={240} step="any" value={minutes} onChange={(e) => setMinutes(e.target.value)} style={{ width: '6rem' }} data-testid="timer-minutes" />
        </label>
        <label className="field">
          <span>Label</span>
          <input maxLength={80} value={label} onChange={(e) => setLabel(e.target.value)} placeholder="Consider the offer" />
        </label>
        <button type="submit" data-testid="timer-set">
          Start
        </button>
        {space.timerEndsAt ? (
          <button type="button" className="secondary" onClick={() => void act('control:setTimer', { space: space.id, seconds: null, label: '' }, 'Timer cleared.')}>
            Clear
          </button>
        ) : null}
      </form>
    </details>
  );
}

function CaucusAdmin({ space, spaces, act }: { space: SpaceView; spaces: SpaceView[]; act: Act }) {
  const [name, setName] = useState(space.name);
  const [sendTo, setSendTo] = useState<SpaceId>(JOINT);
  const destinations = spaces.filter((s) => s.id !== space.id);
  return (
    <details>
      <summary>Rename or close</summary>
      <form
        className="row wrap"
        style={{ marginTop: 4 }}
        onSubmit={(e) => {
          e.preventDefault();
          if (name.trim()) void act('control:renameSpace', { space: space.id, name: name.trim() }, 'Renamed.');
        }}
      >
        <label className="field">
          <span>Name</span>
          <input maxLength={60} value={name} onChange={(e) => setName(e.target.value)} data-testid="rename-input" />
        </label>
        <button type="submit" className="secondary" data-testid="rename-space">
          Rename
        </button>
      </form>
      <div className="row wrap" style={{ marginTop: 4 }}>
        <label className="field">
          <span>Send its members to</span>
          <select value={sendTo} onChange={(e) => setSendTo(e.target.value as SpaceId)} data-testid="close-destination">
            {destinations.map((s) => (
              <option key={s.id} value={s.id}>
                {s.id === LOBBY ? 'Waiting room' : s.name}
              </option>
            ))}
          </select>
        </label>
        <button type="button" className="danger" data-testid="close-space" onClick={() => void act('control:closeSpace', { space: space.id, sendTo }, `Closed ${space.name}.`)}>
          Close caucus
        </button>
      </div>
    </details>
  );
}
