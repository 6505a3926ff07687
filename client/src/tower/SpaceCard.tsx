import { useState, type DragEvent, type FormEvent } from 'react';
import { JOINT, LOBBY, LIMITS, type Knock, type ParticipantView, type SpaceId, type SpaceView } from '@mediation/shared';
import { Trans, useTranslation } from 'react-i18next';
import { formatSince } from '../room/describe';
import { useFormat } from '../i18n/useFormat';
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
  const { t } = useTranslation('tower');
  const [dropping, setDropping] = useState(false);
  const lobby = space.id === LOBBY;
  // The built-in names follow the mediator's language unless renamed (as the where-am-i pill does).
  const spaceTitle = lobby && space.name === 'Waiting room' ? t('room:space.lobby') : space.id === JOINT && space.name === 'Joint session' ? t('room:space.joint') : space.name;
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
    if (lobby) void act('control:hold', { participantIds: moving }, t('space.sentToLobby'));
    else void act('control:move', { participantIds: moving, to: space.id }, t('space.movedTo', { space: spaceTitle }));
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
          {spaceTitle} <span className="muted">({members.length})</span>
        </h3>
        <span className="row wrap">
          {space.talking ? (
            <span className="badge badge-speaking" data-testid="talking">
              {t('space.talking')}
            </span>
          ) : (
            <span className="badge badge-neutral">{t('space.quiet')}</span>
          )}
        </span>
      </header>
      {!lobby ? (
        <p className="muted" style={{ margin: '0.2rem 0', fontSize: '0.85rem' }} data-testid="mediator-presence">
          {space.mediatorPresent ? t('space.mediatorHere') : t('space.noMediator', { since: formatSince(space.mediatorLastVisitAt, now) })}
        </p>
      ) : null}
      {!lobby ? <SpaceTimer endsAt={space.timerEndsAt} label={space.timerLabel} expired={space.timerExpired} /> : null}

      {knocks.map((k) => (
        <KnockItem key={k.id} knock={k} act={act} />
      ))}

      <ul className="people" aria-label={t('space.peopleIn', { space: spaceTitle })}>
        {members.length === 0 ? <li className="muted">{lobby ? t('space.noOneWaiting') : t('space.empty')}</li> : null}
        {members.map((p) => (
          <PersonRow key={p.id} person={p} selfId={selfId} spaces={spaces} selected={selected.has(p.id)} selection={selection} onToggle={onToggle} act={act} />
        ))}
      </ul>

      <div className="row wrap space-foot">
        {lobby && members.length > 0 ? (
          <button type="button" data-testid="admit-all" onClick={() => void act('control:admit', { all: true }, t('space.allAdmitted'))}>
            {t('space.admitAll', { count: members.length })}
          </button>
        ) : null}
        {!lobby && !members.some((m) => m.id === selfId) ? (
          <button type="button" className="secondary" data-testid="go-here" onClick={() => void act('control:move', { participantIds: [selfId], to: space.id }, t('space.joined', { space: spaceTitle }))}>
            {t('space.join')}
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
  const { t } = useTranslation('tower');
  const f = useFormat();
  const [reply, setReply] = useState('');
  return (
    <div className="knock" data-testid="knock-item" data-knock-id={knock.id} role="group" aria-label={t('knock.label', { name: knock.fromName })}>
      <div>
        <Trans t={t} i18nKey={knock.message ? 'knock.askingMessage' : 'knock.asking'} values={{ name: knock.fromName, message: knock.message }} components={{ strong: <strong /> }} /> <span style={{ fontSize: '0.8rem' }}>({f.time(knock.at)})</span>
      </div>
      <div className="row wrap" style={{ marginTop: 4 }}>
        <button type="button" data-testid="knock-join" onClick={() => void act('control:answerKnock', { knockId: knock.id, join: true }, t('knock.joined', { name: knock.fromName }))}>
          {t('knock.join')}
        </button>
        <input aria-label={t('knock.replyTo', { name: knock.fromName })} value={reply} maxLength={LIMITS.chatMaxChars} onChange={(e) => setReply(e.target.value)} placeholder={t('knock.replyPlaceholder')} />
        <button type="button" className="secondary" data-testid="knock-reply" onClick={() => void act('control:answerKnock', { knockId: knock.id, reply: reply.trim() || t('knock.defaultReply'), join: false }, t('knock.sent'))}>
          {t('knock.reply')}
        </button>
      </div>
    </div>
  );
}

function TimerForm({ space, act }: { space: SpaceView; act: Act }) {
  const { t } = useTranslation('tower');
  const [minutes, setMinutes] = useState('5');
  const [label, setLabel] = useState('');
  function submit(e: FormEvent) {
    e.preventDefault();
    const seconds = Math.round(Number(minutes) * 60);
    if (!Number.isFinite(seconds) || seconds < 1) return;
    void act('control:setTimer', { space: space.id, seconds: Math.min(seconds, LIMITS.maxTimerSeconds), label: label.trim() }, t('timer.set', { space: space.name }));
  }
  return (
    <details>
      <summary>{t('timer.summary')}</summary>
      <form onSubmit={submit} className="row wrap" style={{ marginTop: 4 }}>
        <label className="field">
          <span>{t('timer.minutes')}</span>
          <input type="number" min={0.05} max={240} step="any" value={minutes} onChange={(e) => setMinutes(e.target.value)} style={{ width: '6rem' }} data-testid="timer-minutes" />
        </label>
        <label className="field">
          <span>{t('timer.label')}</span>
          <input maxLength={80} value={label} onChange={(e) => setLabel(e.target.value)} placeholder={t('timer.labelPlaceholder')} />
        </label>
        <button type="submit" data-testid="timer-set">
          {t('timer.start')}
        </button>
        {space.timerEndsAt ? (
          <button type="button" className="secondary" onClick={() => void act('control:setTimer', { space: space.id, seconds: null, label: '' }, t('timer.cleared'))}>
            {t('timer.clear')}
          </button>
        ) : null}
      </form>
    </details>
  );
}

function CaucusAdmin({ space, spaces, act }: { space: SpaceView; spaces: SpaceView[]; act: Act }) {
  const { t } = useTranslation('tower');
  const [name, setName] = useState(space.name);
  const [sendTo, setSendTo] = useState<SpaceId>(JOINT);
  const destinations = spaces.filter((s) => s.id !== space.id);
  return (
    <details>
      <summary>{t('caucus.summary')}</summary>
      <form
        className="row wrap"
        style={{ marginTop: 4 }}
        onSubmit={(e) => {
          e.preventDefault();
          if (name.trim()) void act('control:renameSpace', { space: space.id, name: name.trim() }, t('caucus.renamed'));
        }}
      >
        <label className="field">
          <span>{t('caucus.name')}</span>
          <input maxLength={60} value={name} onChange={(e) => setName(e.target.value)} data-testid="rename-input" />
        </label>
        <button type="submit" className="secondary" data-testid="rename-space">
          {t('caucus.rename')}
        </button>
      </form>
      <div className="row wrap" style={{ marginTop: 4 }}>
        <label className="field">
          <span>{t('caucus.sendTo')}</span>
          <select value={sendTo} onChange={(e) => setSendTo(e.target.value as SpaceId)} data-testid="close-destination">
            {destinations.map((s) => (
              <option key={s.id} value={s.id}>
                {s.id === LOBBY ? t('room:space.lobby') : s.id === JOINT && s.name === 'Joint session' ? t('room:space.joint') : s.name}
              </option>
            ))}
          </select>
        </label>
        <button type="button" className="danger" data-testid="close-space" onClick={() => void act('control:closeSpace', { space: space.id, sendTo }, t('caucus.closed', { space: space.name }))}>
          {t('caucus.close')}
        </button>
      </div>
    </details>
  );
}
