import { useEffect, useState } from 'react';
import { JOINT, LOBBY, type RoomView, type SpaceId } from '@mediation/shared';
import { useTranslation } from 'react-i18next';
import type { RoomSession } from '../room/roomSession';
import { useAction } from './useAction';
import { membersOf, notHereYet, pruneSelection, towerSpaces } from './spaces';
import { SpaceCard } from './SpaceCard';
import { CreateCaucus } from './SessionTools';
import { NotHereYet } from './Invitees';
import { RoomPlanProvider, RoomPlanWarnings, separateOnlyOutsideJoint, useRoomPlan } from '../intake/RoomPlan';

/** The mediator's overview of every space at once (fits one screen for a dozen people in four
 * spaces). Moves work by drag and drop and, for keyboards and screen readers, by the per-person
 * and selection "Move to…" menus. The session tools (invites, settings, audit, broadcast, end)
 * live in their own panel (ToolsPanel). */
/** The room plan from the intake (accommodations, hard stops, arrivals) is read by everything inside. */
export function ControlTower({ session, room }: { session: RoomSession; room: RoomView }) {
  return (
    <RoomPlanProvider token={session.tokenValue} sessionId={room.sessionId}>
      <Tower session={session} room={room} />
    </RoomPlanProvider>
  );
}

function Tower({ session, room }: { session: RoomSession; room: RoomView }) {
  const { t } = useTranslation('tower');
  const plan = useRoomPlan();
  const { act, notice, busy, noticeRef } = useAction(session);
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [bulkTarget, setBulkTarget] = useState('');
  const [now, setNow] = useState(() => Date.now());

  useEffect(() => {
    const t = window.setInterval(() => setNow(Date.now()), 15_000);
    return () => window.clearInterval(t);
  }, []);
  useEffect(() => {
    setSelected((s) => {
      const pruned = pruneSelection(s, room);
      return pruned.size === s.size ? s : pruned;
    });
  }, [room]);

  const spaces = towerSpaces(room);
  const knocks = room.knocks ?? [];
  const toggle = (id: string) =>
    setSelected((s) => {
      const next = new Set(s);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });
  const selection = [...selected];
  const names = selection.map((id) => room.participants.find((p) => p.id === id)?.displayName ?? id);

  async function moveSelected() {
    if (!bulkTarget || selection.length === 0) return;
    const r =
      bulkTarget === LOBBY
        ? await act('control:hold', { participantIds: selection }, t('space.sentToLobby'))
        : await act('control:move', { participantIds: selection, to: bulkTarget as SpaceId }, t('tower.moved', { names: names.join(', ') }));
    if (r.ok) {
      setSelected(new Set());
      setBulkTarget('');
    }
  }

  const waiting = membersOf(room, LOBBY).length;
  return (
    <section data-testid="control-tower" aria-label={t('tower.label')} className="tower" aria-busy={busy}>
      <div className="tower-top">
        <button type="button" data-testid="admit-all-top" disabled={waiting === 0} onClick={() => void act('control:admit', { all: true }, t('space.allAdmitted'))}>
          {t('tower.admitAll', { count: waiting })}
        </button>
        <button type="button" className="secondary" data-testid="all-to-joint" onClick={() => {
          // People whose plan is separate rooms only are not swept into joint without asking.
          const separate = separateOnlyOutsideJoint(plan, room);
          if (separate.length > 0 && !window.confirm(t('tower.separateConfirm', { names: separate.join(', ') }))) return;
          void act('control:allToJoint', separate.length > 0 ? { confirmSeparate: true } : {}, t('tower.backInJoint'));
        }}>
          {t('tower.allToJoint')}
        </button>
        {knocks.length ? (
          <span className="badge badge-warn" data-testid="knock-count" role="status">
            {t('tower.knocks', { count: knocks.length })}
          </span>
        ) : null}
        <span className="grow" />
        <CreateCaucus act={act} />
      </div>

      <div ref={noticeRef} tabIndex={-1} role="status" aria-live="polite" data-testid="tower-notice" className={`tower-notice ${notice?.kind === 'error' ? 'error' : 'muted'}`}>
        {notice?.text ?? ''}
      </div>
      <RoomPlanWarnings room={room} now={now} />

      {/* Moving several people at once, without dragging (WCAG 2.2 "dragging movements"). */}
      <div className="tower-selection" role="group" aria-label={t('tower.selectedPeople')}>
        <span className="tower-selection-text">{selection.length ? t('tower.selected', { names: names.join(', ') }) : t('tower.selectHint')}</span>
        <label className="field">
          <span className="sr-only">{t('tower.moveSelectedTo')}</span>
          <select value={bulkTarget} onChange={(e) => setBulkTarget(e.target.value)} disabled={selection.length === 0} data-testid="move-selected-menu">
            <option value="">{t('person.moveTo')}</option>
            {spaces.map((s) => (
              <option key={s.id} value={s.id}>
                {s.id === LOBBY ? t('person.hold') : s.id === JOINT && s.name === 'Joint session' ? t('room:space.joint') : s.name}
              </option>
            ))}
          </select>
        </label>
        <button type="button" disabled={!bulkTarget || selection.length === 0} onClick={() => void moveSelected()} data-testid="move-selected">
          {t('tower.move')}
        </button>
        {selection.length ? (
          <button type="button" className="secondary" onClick={() => setSelected(new Set())}>
            {t('tower.clearSelection')}
          </button>
        ) : null}
      </div>

      <div className="tower-spaces">
        {spaces.map((s) => (
          <SpaceCard
            key={s.id}
            space={s}
            members={membersOf(room, s.id)}
            spaces={spaces}
            knocks={knocks.filter((k) => k.space === s.id)}
            selfId={room.self.id}
            selected={selected}
            onToggle={toggle}
            act={act}
            now={now}
          />
        ))}
      </div>

      <details className="tower-absent" open={notHereYet(room).length > 0}>
        <summary>{t('tower.notHereYet', { count: notHereYet(room).length })}</summary>
        <NotHereYet room={room} act={act} />
      </details>
    </section>
  );
}
