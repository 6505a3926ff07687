import { useEffect, useMemo, useRef } from 'react';
import type { ParticipantView } from '@mediation/shared';
import { ROLE_LABEL } from './describe';

export interface TileProps {
  participant: Pick<ParticipantView, 'id' | 'displayName' | 'role' | 'side'>;
  videoTrack: MediaStreamTrack | null;
  audioMuted: boolean;
  videoOff: boolean;
  speaking: boolean;
  isSelf?: boolean;
}

/** One person's video (or initials when there is no picture), with name, role, side and state. */
export function VideoTile({ participant, videoTrack, audioMuted, videoOff, speaking, isSelf = false }: TileProps) {
  const ref = useRef<HTMLVideoElement>(null);
  const stream = useMemo(() => (videoTrack ? new MediaStream([videoTrack]) : null), [videoTrack]);
  useEffect(() => {
    if (ref.current) ref.current.srcObject = stream;
  }, [stream]);
  const showVideo = !!stream && !videoOff;
  const initials = participant.displayName
    .split(/\s+/)
    .map((w) => w[0] ?? '')
    .join('')
    .slice(0, 2)
    .toUpperCase();
  const description = `${participant.displayName}${isSelf ? ' (you)' : ''}, ${ROLE_LABEL[participant.role]}${participant.side ? `, ${participant.side}` : ''}${participant.role === 'observer' ? ', observing' : audioMuted ? ', muted' : ''}${speaking ? ', speaking' : ''}`;
  return (
    <figure
      className={`tile${speaking ? ' speaking' : ''}`}
      data-testid="video-tile"
      data-participant-id={participant.id}
      data-name={participant.displayName}
      data-self={isSelf ? 'true' : undefined}
      data-speaking={speaking ? 'true' : 'false'}
      data-muted={audioMuted ? 'true' : 'false'}
      aria-label={description}
      style={{ margin: 0 }}
    >
      {/* Kept mounted (hidden when off) so the element keeps decoding and srcObject survives toggles. */}
      <video ref={ref} autoPlay playsInline muted className={isSelf ? 'self-video' : undefined} style={{ display: showVideo ? 'block' : 'none' }} />
      {!showVideo ? (
        <div className="tile-avatar" aria-hidden="true">
          {initials}
        </div>
      ) : null}
      <figcaption className="tile-label">
        <span>
          <strong>{participant.displayName}</strong>
          {isSelf ? ' (you)' : ''} · {ROLE_LABEL[participant.role]}
          {participant.side ? ` · ${participant.side}` : ''}
        </span>
        <span>
          {participant.role === 'observer' ? (
            <span className="badge badge-neutral">Observing, not sending</span>
          ) : (
            <>
              {speaking ? <span className="badge badge-speaking">Speaking</span> : null} {audioMuted ? <span className="badge badge-muted" data-testid="muted-badge">Muted</span> : null}{' '}
              {videoOff ? <span className="badge badge-neutral">Camera off</span> : null}
            </>
          )}
        </span>
      </figcaption>
    </figure>
  );
}

/** Plays one remote audio track. Hidden: the tile shows who it belongs to. */
export function RemoteAudio({ track }: { track: MediaStreamTrack }) {
  const ref = useRef<HTMLAudioElement>(null);
  useEffect(() => {
    if (!ref.current) return;
    ref.current.srcObject = new MediaStream([track]);
    void ref.current.play().catch(() => undefined);
  }, [track]);
  return <audio ref={ref} autoPlay />;
}
