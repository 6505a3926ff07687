import { memo, useCallback, useRef, type CSSProperties } from 'react';
import { colourFor, type RoomView } from '@mediation/shared';
import type { RoomState } from './state';
import { RemoteAudio, VideoTile, type TileProps } from './VideoTile';
import { audioVolume, useListenChoice } from './interpretation';
import { roleLabel } from './describe';
import { selectLocal, selectRemote, selectRoom, useRoom, useSpeaking } from './useRoom';
import { gridColumns } from '../layout/gridShape';

export type StageView = 'grid' | 'speaker';

/** Everyone in my space: the others fill the stage (grid, or the speaker big), my own view floats
 * small in the corner once someone else is here; beside a wide panel the tiles form a strip.
 * Memoised, and it reads the room, my own media and the remote tracks itself, at once (the rest of
 * the room page follows in a transition: useRoomInTransition): a chat message or a typing flag
 * does not re-render the videos, and a speaker change re-renders only the tiles whose "speaking"
 * flipped. */
export const VideoGrid = memo(function VideoGrid({ strip = false, narrow = false, view = 'grid' }: { strip?: boolean; narrow?: boolean; view?: StageView }) {
  const room = useRoom(selectRoom);
  if (!room) return null;
  return <Stage room={room} strip={strip} narrow={narrow} view={view} />;
});

function Stage({ room, strip, narrow, view }: { room: RoomView; strip: boolean; narrow: boolean; view: StageView }) {
  const local = useRoom(selectLocal);
  const remote = useRoom(selectRemote);
  const listen = useListenChoice();
  const interpreting = remote.some((t) => t.interpretation === true);
  const here = room.participants.filter((p) => p.online && p.id !== room.self.id && p.whereabouts === room.self.space);
  const trackOf = (pid: string, kind: 'audio' | 'video') => remote.find((t) => t.participantId === pid && t.kind === kind);
  const localVideo = local.stream?.getVideoTracks()[0] ?? null;
  // When each person appeared in this space (a move or reconnect counts as a new arrival): their
  // media takes a moment to start, which is "Connecting…", not "Camera off".
  const arrivals = useRef(new Map<string, number>());
  const seen = arrivals.current;
  for (const id of [...seen.keys()]) if (!here.some((p) => p.id === id)) seen.delete(id);
  for (const p of here) if (!seen.has(p.id)) seen.set(p.id, Date.now());
  // Own view small (picture in picture) when others are here and the stage is not a strip.
  const pip = here.length > 0 && !strip;
  const speakerId = useActiveSpeaker(view === 'speaker' && !strip ? room.self.id : null);
  const ordered = view === 'speaker' && speakerId ? [...here].sort((a, b) => Number(b.id === speakerId) - Number(a.id === speakerId)) : here;
  const inGrid = here.length + (pip ? 0 : 1);
  const speaker = view === 'speaker' && !strip && here.length > 1;
  const style = { '--cols': gridColumns(inGrid, false), '--cols-narrow': gridColumns(inGrid, true), '--rest': Math.max(1, here.length - 1) } as CSSProperties;
  const self = (
    <LiveTile
      key={room.self.id}
      participant={{ id: room.self.id, displayName: room.self.displayName, role: room.self.role, side: room.self.side }}
      videoTrack={localVideo}
      audioMuted={local.audioMuted || !local.stream?.getAudioTracks().length}
      cameraOn={!local.videoMuted && !!localVideo}
      handRaised={!!room.participants.find((p) => p.id === room.self.id)?.handRaised}
      roleText={roleLabel(room.participants.find((p) => p.id === room.self.id) ?? room.self, room.participants)}
      isSelf
      pip={pip}
    />
  );
  return (
    // A strip may scroll (many people beside a wide panel): a keyboard can reach and scroll it.
    <section aria-label="Video" className="tiles" tabIndex={strip ? 0 : undefined} data-testid="video-stage" data-strip={strip ? 'true' : 'false'} data-view={speaker ? 'speaker' : 'grid'} data-narrow={narrow ? 'true' : undefined} style={style}>
      {pip ? null : self}
      {ordered.map((p) => {
        const video = trackOf(p.id, 'video');
        const audio = trackOf(p.id, 'audio');
        return (
          <LiveTile
            key={p.id}
            participant={p}
            // Interpreters and captioners say whom they serve ("Interpreter for Ana (Spanish)").
            roleText={roleLabel(p, room.participants)}
            // A paused consumer delivers nothing yet: count it as no track ("Connecting…" while
            // the room state says the camera is on).
            videoTrack={video && !video.paused ? video.track : null}
            audioMuted={p.audioMuted === true || (audio?.paused ?? false)}
            cameraOn={p.videoMuted === false}
            arrivedAt={seen.get(p.id)}
            handRaised={p.handRaised === true}
          />
        );
      })}
      {pip ? self : null}
      {remote
        .filter((t) => t.kind === 'audio')
        .map((t) => (
          <RemoteAudio key={t.consumerId} track={t.track} volume={audioVolume(t, listen, interpreting)} />
        ))}
    </section>
  );
}

/** The last person other than me who spoke (kept after they stop, so the big tile does not flicker). */
function useActiveSpeaker(selfId: string | null): string | null {
  const last = useRef<string | null>(null);
  const pick = useCallback((s: RoomState) => (selfId ? s.speaking.find((id) => id !== selfId) ?? null : null), [selfId]);
  const now = useRoom(pick);
  if (now) last.current = now;
  return selfId ? last.current : null;
}

/** A tile that follows its own person's "speaking" slice of the room. */
function LiveTile(props: Omit<TileProps, 'speaking'> & { pip?: boolean }) {
  const speaking = useSpeaking(props.participant.id);
  return <VideoTile {...props} speaking={speaking} sideColour={colourFor(props.participant.role, props.participant.side)} />;
}
