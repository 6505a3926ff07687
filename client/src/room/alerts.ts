/** What needs a mediator's attention wherever they are in the page: knocks, raised hands, and
 * people waiting to be admitted. Read only from the mediator's own room view (the server sends
 * knocks and exact whereabouts to mediators only), so this adds nothing anyone else could see. */
import { isMediatorRole, LOBBY, type RoomView } from '@mediation/shared';
import { spaceName } from './describe';
import { i18n } from '../i18n';

export interface MediatorAlert {
  /** Stable while the cause lasts: a hand lowered and raised again is a new alert. */
  key: string;
  kind: 'knock' | 'hand' | 'waiting';
  personId: string;
  name: string;
  text: string;
}

export function mediatorAlerts(room: RoomView | null): MediatorAlert[] {
  if (!room || !isMediatorRole(room.self.role)) return [];
  const alerts: MediatorAlert[] = [];
  for (const k of room.knocks ?? []) {
    const msg = k.message.trim();
    alerts.push({ key: `knock:${k.id}`, kind: 'knock', personId: k.fromId, name: k.fromName, text: i18n.t(msg ? 'room:alerts.knockedSaid' : 'room:alerts.knocked', { name: k.fromName, space: spaceName(room, k.space), message: msg }) });
  }
  for (const p of room.participants) {
    if (p.id === room.self.id || !p.online) continue;
    if (p.whereabouts === LOBBY && !isMediatorRole(p.role)) {
      alerts.push({ key: `waiting:${p.id}`, kind: 'waiting', personId: p.id, name: p.displayName, text: i18n.t('room:alerts.waiting', { name: p.displayName }) });
    }
    if (p.handRaised) {
      alerts.push({ key: `hand:${p.id}`, kind: 'hand', personId: p.id, name: p.displayName, text: i18n.t('room:alerts.hand', { name: p.displayName, space: spaceName(room, p.whereabouts) }) });
    }
  }
  return alerts;
}

/** Alerts that were not there before (these get the sound). */
export function freshAlerts(before: ReadonlySet<string>, now: MediatorAlert[]): MediatorAlert[] {
  return now.filter((a) => !before.has(a.key));
}

/** "(2) Caucus A · Smith v. Jones": the count shows in the browser tab even when the page is hidden. */
export function titleWithCount(base: string, count: number): string {
  return count > 0 ? `(${count}) ${base}` : base;
}
