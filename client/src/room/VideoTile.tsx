import { useTranslation } from 'react-i18next';
import { useEffect, useMemo, useRef, useState, type CSSProperties, type RefObject } from 'react';
import type { ParticipantView } from '@mediation/shared';
import { ROLE_LABEL } from './describe';
import { ARRIVAL_GRACE_MS, initialsOf, VIDEO_STATE_TEXT, videoTileState, type VideoTileState } from './videoState';

export interface TileProps {
  participant: Pick<ParticipantView, 'id' | 'displayName' | 'role' | 'side'>;
  videoTrack: MediaStreamTrack | null;
  audioMuted: boolean;
  /** The camera is sending (room state; own tile: local camera on). Not "a frame has arrived". */
  cameraOn: boolean;
  /** When they appeared in this space (their camera may still be starting). */
  arrivedAt?: number;
  speaking: boolean;
  handRaised?: boolean;
  isSelf?: boolean;
  /** Own view floating small in the stage's corner. */
  pip?: boolean;
  /** The person's side colour (colourFor in shared), on the name bar and the initials. */
  sideColour?: string;
  /** The role as people read it when it says more than the role word: an interpreter's or
   * captioner's "Interpreter for Ana (Spanish)" (describe.ts roleLabel). */
  roleText?: string;
}

/** One person's video (or initials when there is no picture), with name, role, side and state:
 * "Connecting…", "Camera off" and "No video (poor connection)" are told apart. */
export function VideoTile({ participant, videoTrack, audioMuted, cameraOn, arrivedAt, speaking, handRaised = false, isSelf = false, pip = false, sideColour, roleText }: TileProps) {
  const { t } = useTranslation('room');
  const ref = useRef<HTMLVideoElement>(null);
  const stream = useMemo(() => (videoTrack ? new MediaStream([videoTrack]) : null), [videoTrack]);
  useEffect(() => {
    if (ref.current) ref.current.srcObject = stream;
  }, [stream]);
  const arriving = useArriving(arrivedAt);
  const state = useVideoState(ref, videoTrack, cameraOn, arriving);
  // Observers and captioners send no camera or microphone: their tile says so instead of "Camera off".
  const observer = participant.role === 'observer' || participant.role === 'captioner';
  const captioner = participant.role === 'captioner';
  const stateText = state === 'video' || observer ? null : t('tile.state', { context: state, defaultValue: VIDEO_STATE_TEXT[state] });
  const role = roleText ?? t('room:role', { context: participant.role, defaultValue: ROLE_LABEL[participant.role] });
  // Someone just arriving has not started their microphone yet: that is not "muted" either.
  const description = `${participant.displayName}${isSelf ? t('tile.you') : ''}, ${role}${participant.side ? `, ${participant.side}` : ''}${observer ? `, ${captioner ? t('tile.captioning') : t('tile.observing')}` : audioMuted && !arriving ? `, ${t('tile.muted')}` : ''}${stateText ? `, ${stateText.toLowerCase()}` : ''}${handRaised ? `, ${t('tile.handRaised')}` : ''}${speaking ? `, ${t('tile.speaking')}` : ''}`;
  return (
    <figure
      className={`tile${speaking ? ' speaking' : ''}`}
      data-testid="video-tile"
      data-participant-id={participant.id}
      data-name={participant.displayName}
      data-self={isSelf ? 'true' : undefined}
      data-speaking={speaking ? 'true' : 'false'}
      data-muted={audioMuted ? 'true' : 'false'}
      data-video-state={state}
      data-hand={handRaised ? 'true' : 'false'}
      data-pip={pip ? 'true' : undefined}
      aria-label={description}
      style={sideColour ? ({ '--side': sideColour } as CSSProperties) : undefined}
    >
      {/* Shown whenever the camera is on, so frames decode (and are counted) under the overlay while
          connecting; kept mounted when off so srcObject survives toggles. */}
      <video ref={ref} autoPlay playsInline muted className={isSelf ? 'self-video' : undefined} style={{ display: state === 'off' ? 'none' : 'block' }} />
      {state !== 'video' ? (
        <div className={`tile-avatar${state === 'off' ? '' : ' tile-avatar-over'}`} aria-hidden="true">
          <span className="tile-initials">{initialsOf(participant.displayName)}</span>
          {stateText ? <span className="tile-state" data-testid="tile-state">{stateText}</span> : null}
        </div>
      ) : null}
      {handRaised ? (
        <span className="tile-hand" data-testid="tile-hand">
          {t('tile.handBadge')}
        </span>
      ) : null}
      <figcaption className="tile-label">
        <span>
          <strong>{participant.displayName}</strong>
          {isSelf ? t('tile.you') : ''} · {role}
          {participant.side ? ` · ${participant.side}` : ''}
        </span>
        <span>
          {observer ? (
            <span className="badge badge-neutral">{captioner ? t('tile.captioningBadge') : t('tile.observingBadge')}</span>
          ) : (
            <>
              {speaking ? <span className="badge badge-speaking">{t('tile.speakingBadge')}</span> : null} {audioMuted && !arriving ? <span className="badge badge-muted" data-testid="muted-badge">{t('tile.mutedBadge')}</span> : null}
            </>
          )}
        </span>
      </figcaption>
    </figure>
  );
}

/** True until ARRIVAL_GRACE_MS after `arrivedAt` (re-renders once when it runs out). */
function useArriving(arrivedAt: number | undefined): boolean {
  const [, rerender] = useState(0);
  const arriving = arrivedAt !== undefined && Date.now() - arrivedAt < ARRIVAL_GRACE_MS;
  useEffect(() => {
    if (arrivedAt === undefined) return;
    const left = arrivedAt + ARRIVAL_GRACE_MS - Date.now();
    if (left <= 0) return;
    const t = window.setTimeout(() => rerender((n) => n + 1), left + 50);
    return () => window.clearTimeout(t);
  }, [arrivedAt]);
  return arriving;
}

/** The tile's state from the room state and the frames the video element actually presents (its
 * frame callback, with the decoded-frame counter as a fallback). Checked twice a second, and the
 * tile re-renders only when the state changes. */
function useVideoState(ref: RefObject<HTMLVideoElement | null>, track: MediaStreamTrack | null, cameraOn: boolean, arriving: boolean): VideoTileState {
  const initial = videoTileState({ cameraOn, arriving, hasTrack: !!track, lastFrameAt: null, now: Date.now() });
  const [state, setState] = useState<VideoTileState>(initial);
  useEffect(() => {
    setState(initial);
    const video = ref.current;
    if (!video || !track || !cameraOn) return;
    let stopped = false;
    let latest: number | null = null;
    const counted = () => video.getVideoPlaybackQuality?.().totalVideoFrames ?? 0;
    let frames = counted();
    let handle = 0;
    const onFrame = () => {
      latest = Date.now();
      if (!stopped && 'requestVideoFrameCallback' in video) handle = video.requestVideoFrameCallback(onFrame);
    };
    if ('requestVideoFrameCallback' in video) handle = video.requestVideoFrameCallback(onFrame);
    const timer = window.setInterval(() => {
      const now = Date.now();
      const count = counted();
      if (count > frames) latest = now;
      frames = count;
      setState(videoTileState({ cameraOn, arriving: false, hasTrack: true, lastFrameAt: latest, now }));
    }, 500);
    return () => {
      stopped = true;
      window.clearInterval(timer);
      if ('cancelVideoFrameCallback' in video) video.cancelVideoFrameCallback(handle);
    };
  }, [ref, track, cameraOn, initial]);
  // Without a camera or a track there is nothing to measure: the room state decides at once.
  return cameraOn && track ? state : initial;
}

/** Plays one remote audio track. Hidden: the tile shows who it belongs to. `volume` ducks an
 * original voice while the listener follows the interpretation (room/interpretation.ts). */
export function RemoteAudio({ track, volume = 1 }: { track: MediaStreamTrack; volume?: number }) {
  const ref = useRef<HTMLAudioElement>(null);
  useEffect(() => {
    if (!ref.current) return;
    ref.current.srcObject = new MediaStream([track]);
    void ref.current.play().catch(() => undefined);
  }, [track]);
  useEffect(() => {
    if (ref.current) ref.current.volume = volume;
  }, [volume]);
  return <audio ref={ref} autoPlay data-volume={volume} />;
}
