/**
 * The room's two screen-reader live regions: one polite (moves, admissions, timers, who is
 * speaking) and one assertive (broadcasts, knocks, time is up). Mounted once for the whole room
 * page, before anything is announced into it, because a live region that appears together with its
 * text is not read by every screen reader. The words come from announce.ts (pure, unit-tested).
 */
import { useEffect, useRef, useState, useSyncExternalStore } from 'react';
import { announcementsBetween, initialSpeakerState, speakerStep, timerTick, type Announcement, type AnnounceSnapshot } from './announce';
import { selectBroadcasts, selectExpiredTimer, selectRoom, useRoom } from './useRoom';
import type { RoomState } from './state';

/** How many recent lines each region keeps: a new line is an addition (read out), old ones go. */
const KEEP = 3;
const SPEAKER_KEY = 'mediation.announceSpeaker';

// ---- "announce who is speaking": on unless turned off, remembered in this browser ----
const speakerListeners = new Set<() => void>();
function speakerAnnouncementsOn(): boolean {
  try {
    return window.localStorage.getItem(SPEAKER_KEY) !== 'off';
  } catch {
    return true;
  }
}
function setSpeakerAnnouncements(on: boolean): void {
  try {
    window.localStorage.setItem(SPEAKER_KEY, on ? 'on' : 'off');
  } catch {
    // No storage (private mode): the choice lasts for this page only.
  }
  for (const l of [...speakerListeners]) l();
}
function useSpeakerAnnouncements(): boolean {
  return useSyncExternalStore(
    (fn) => {
      speakerListeners.add(fn);
      return () => speakerListeners.delete(fn);
    },
    speakerAnnouncementsOn,
  );
}

/** The checkbox that turns "X is speaking" announcements off (they can be many in a lively joint session). */
export function SpeakerAnnouncementToggle() {
  const on = useSpeakerAnnouncements();
  return (
    <label className="check alert-sound">
      <input type="checkbox" data-testid="announce-speaker" checked={on} onChange={(e) => setSpeakerAnnouncements(e.target.checked)} />
      Announce who is speaking
    </label>
  );
}

interface Line extends Announcement {
  id: number;
}

const selectSpeaking = (s: RoomState) => s.speaking;

export function Announcer() {
  const room = useRoom(selectRoom);
  const broadcasts = useRoom(selectBroadcasts);
  const expiredTimer = useRoom(selectExpiredTimer);
  const speaking = useRoom(selectSpeaking);
  const speakerOn = useSpeakerAnnouncements();
  const [lines, setLines] = useState<Line[]>([]);
  const seq = useRef(0);
  const prev = useRef<AnnounceSnapshot | null>(null);
  const speaker = useRef(initialSpeakerState);

  const say = (items: Announcement[]) => {
    if (items.length === 0) return;
    setLines((have) => {
      const added = items.map((a) => ({ ...a, id: ++seq.current }));
      const all = [...have, ...added];
      return [...all.filter((l) => l.politeness === 'polite').slice(-KEEP), ...all.filter((l) => l.politeness === 'assertive').slice(-KEEP)];
    });
  };

  // Room changes: compare with the previous snapshot.
  useEffect(() => {
    const next: AnnounceSnapshot = { room, broadcasts, expiredTimer };
    if (prev.current) say(announcementsBetween(prev.current, next, Date.now()));
    prev.current = next;
  }, [room, broadcasts, expiredTimer]);

  // One minute left on my space's timer: checked on a slow tick while a timer runs.
  const mine = room?.spaces.find((s) => s.id === room.self.space);
  const endsAt = mine?.timerEndsAt ?? null;
  const label = mine?.timerLabel ?? null;
  useEffect(() => {
    if (!endsAt) return;
    let before = Date.now();
    const t = window.setInterval(() => {
      const now = Date.now();
      const a = timerTick(endsAt, label, before, now);
      before = now;
      if (a) say([a]);
    }, 1000);
    return () => window.clearInterval(t);
  }, [endsAt, label]);

  // Who is speaking: debounced in speakerStep; re-checked after the hold time, because a voice
  // that keeps talking produces no new speaking event.
  useEffect(() => {
    if (!speakerOn) return;
    const step = () => {
      const r = speakerStep(speaker.current, speaking, room, Date.now());
      speaker.current = r.state;
      if (r.announce) say([r.announce]);
    };
    step();
    const t = window.setTimeout(step, 1600);
    return () => window.clearTimeout(t);
  }, [speaking, room, speakerOn]);

  return (
    <div className="sr-only">
      <div role="status" aria-live="polite" aria-relevant="additions text" data-testid="announcer-polite">
        {lines.filter((l) => l.politeness === 'polite').map((l) => <p key={l.id}>{l.text}</p>)}
      </div>
      <div role="alert" aria-live="assertive" aria-relevant="additions text" data-testid="announcer-assertive">
        {lines.filter((l) => l.politeness === 'assertive').map((l) => <p key={l.id}>{l.text}</p>)}
      </div>
    </div>
  );
}
