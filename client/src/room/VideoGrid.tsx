import { memo, useRef } from 'react';
import type { RoomView } from '@mediation/shared';
import type { RoomState } from './state';
import { RemoteAudio, VideoTile, type TileProps } from './VideoTile';
import { selectRemote, useRoom, useSpeaking } from './useRoom';

/** Everyone in my space: me first, then the others the server lets me see here. Memoised, and it
 * reads the remote tracks itself: a chat message or a typing flag does not re-render the videos,
 * and a speaker change re-renders only the tiles whose "speaking" flipped. */
export const VideoGrid = memo(function VideoGrid({ room, local }: { room: RoomView; local: RoomState['local'] }) {
  const remote = useRoom(selectRemote);
  const here = room.participants.filter((p) => p.online && p.id !== room.self.id && p.whereabouts === room.self.space);
  const trackOf = (pid: string, kind: 'audio' | 'video') => remote.find((t) => t.participantId === pid && t.kind === kind);
  const localVideo = local.stream?.getVideoTracks()[0] ?? null;
  // When each person appeared in this space (a move or reconnect counts as a new arrival): their
  // media takes a moment to start, which is "Connecting…", not "Camera off".
  const arrivals = useRef(new Map<string, number>());
  const seen = arrivals.current;
  for (const id of [...seen.keys()]) if (!here.some((p) => p.id === id)) seen.delete(id);
  for (const p of here) if (!seen.has(p.id)) seen.set(p.id, Date.now());
  return (
    <section aria-label="Video" className="tiles">
      <LiveTile
        participant={{ id: room.self.id, displayName: room.self.displayName, role: room.self.role, side: room.self.side }}
        videoTrack={localVideo}
        audioMuted={local.audioMuted || !local.stream?.getAudioTracks().length}
        cameraOn={!local.videoMuted && !!localVideo}
        handRaised={!!room.participants.find((p) => p.id === room.self.id)?.handRaised}
        isSelf
      />
      {here.map((p) => {
        const video = trackOf(p.id, 'video');
        const audio = trackOf(p.id, 'audio');
        return (
          <LiveTile
            key={p.id}
            participant={p}
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
      {remote
        .filter((t) => t.kind === 'audio')
        .map((t) => (
          <RemoteAudio key={t.consumerId} track={t.track} />
        ))}
    </section>
  );
});

/** A tile that follows its own person's "speaking" slice of the room. */
function LiveTile(props: Omit<TileProps, 'speaking'>) {
  const speaking = useSpeaking(props.participant.id);
  return <VideoTile {...props} speaking={speaking} />;
}
