/**
 * Calendar invites (.ics, RFC 5545) for scheduled sessions, made with the `ics` package: it does
 * the text escaping and 75-octet line folding that calendar apps are strict about, which is easy
 * to get subtly wrong by hand.
 */
import { createEvent } from 'ics';
import type { CalendarInvite } from '../contracts.js';

/** The invite as an iCalendar text (METHOD:REQUEST), times in UTC. */
export function calendarInvite(inv: CalendarInvite): string {
  const { error, value } = createEvent({
    uid: inv.uid,
    productId: 'mediation-room/practice',
    method: 'REQUEST',
    title: inv.title,
    description: inv.description,
    start: inv.startsAt,
    startInputType: 'utc',
    startOutputType: 'utc',
    duration: { minutes: inv.durationMinutes },
    url: inv.url,
    location: inv.url,
    status: 'CONFIRMED',
    organizer: inv.organizer,
    attendees: inv.attendee ? [{ ...inv.attendee, rsvp: false, role: 'REQ-PARTICIPANT', partstat: 'ACCEPTED' }] : [],
  });
  if (error || !value) throw new Error(`calendar invite could not be made: ${error?.message ?? 'empty'}`);
  return value;
}
