/**
 * Initial placement from the room plan (issue 13): someone whose plan is "separate rooms only"
 * (their intake preference or a safety concern) is admitted straight into their side's separate
 * room, never into joint. The room is found by name or created, and assigned as their planned
 * space, all through RoomState's own methods; the admission itself then sends them there. A
 * person the mediator already planned somewhere keeps that plan.
 */
import { isMediatorRole, JOINT, LOBBY, spaceNameSchema } from '@mediation/shared';
import type { Room } from './room.js';
import type { RoomPerson } from './roomState.js';

/** "Respondent room", or the person's own name when they have no side. */
export const separateRoomName = (p: RoomPerson): string => {
  // A plain caucus name: nothing in it says why (a separate-only plan can come from a safety concern).
  const name = `${p.side ?? p.displayName} room`;
  const parsed = spaceNameSchema.safeParse(name);
  return parsed.success ? parsed.data : 'Private room';
};

export async function planSeparateRooms(room: Room, people: readonly RoomPerson[]): Promise<void> {
  const candidates = people.filter((p) => !isMediatorRole(p.role) && !(p.plannedSpace && p.plannedSpace !== LOBBY && p.plannedSpace !== JOINT && room.state.hasSpace(p.plannedSpace)));
  if (candidates.length === 0) return;
  const plan = await room.ctx.stores.intake.plans.get(room.sessionId);
  const separate = new Set(plan?.people.filter((x) => x.separateOnly).map((x) => x.participantId) ?? []);
  for (const p of candidates) {
    if (!separate.has(p.id)) continue;
    const name = separateRoomName(p);
    let space = room.state.spaceList().find((s) => s.id !== JOINT && s.id !== LOBBY && s.name === name)?.id;
    if (!space) {
      const made = await room.accept(room.state.createSpace(name), (d) => d.space);
      if (!made.ok) continue; // At the caucus limit: the mediator places them by hand (the tower shows "separate rooms only").
      space = made.data;
      room.audit('system', 'space.created', { space, name, reason: 'separate-only plan' });
    }
    await room.accept(room.state.planAssignment(p.id, space), () => null);
  }
}

/** Who "everyone back to joint" would take out of the separate room their plan keeps them in. */
export async function separateOnlyOutsideJoint(room: Room): Promise<RoomPerson[]> {
  const plan = await room.ctx.stores.intake.plans.get(room.sessionId);
  const separate = new Set(plan?.people.filter((x) => x.separateOnly).map((x) => x.participantId) ?? []);
  if (separate.size === 0) return [];
  return room.state.online().filter((p) => separate.has(p.id) && p.space !== JOINT && p.space !== LOBBY);
}
