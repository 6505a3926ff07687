import type { ParticipantView, RoomView } from '@mediation/shared';
import { ROLE_LABEL, whereaboutsLabel } from './describe';

/** Everyone this person may know about, with only as much "where" as the server allows
 * (others' caucuses show as "in a caucus", never which one). */
export function PeopleList({ room }: { room: RoomView }) {
  const others = room.participants.filter((p) => p.id !== room.self.id);
  const here = (p: ParticipantView) => p.online && p.whereabouts === room.self.space;
  const sorted = [...others].sort((a, b) => Number(here(b)) - Number(here(a)) || a.displayName.localeCompare(b.displayName));
  return (
    <section className="card stack" aria-labelledby="people-heading" data-testid="people-list">
      <h2 id="people-heading">People</h2>
      {sorted.length === 0 ? <p className="muted">No one else yet.</p> : null}
      <ul className="people">
        {sorted.map((p) => (
          <li key={p.id} className="person" data-testid="person-whereabouts" data-participant-id={p.id} data-whereabouts={p.whereabouts}>
            <span className="person-name">
              <strong>{p.displayName}</strong>{' '}
              <span className="muted">
                {ROLE_LABEL[p.role]}
                {p.side ? `, ${p.side}` : ''}
              </span>
            </span>
            <span className={here(p) ? 'badge badge-speaking' : 'badge badge-neutral'}>{whereaboutsLabel(room, p)}</span>
          </li>
        ))}
      </ul>
    </section>
  );
}
