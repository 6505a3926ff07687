import { useState } from 'react';
import { can, JOINT, LOBBY, type RoomView, type SpaceId } from '@mediation/shared';
import type { RoomSession } from './roomSession';
import type { RoomState } from './state';
import { DeviceSettings } from './DeviceSettings';

/** Mute, camera, devices, hand, roaming (when allowed) and leave. */
export function CallControls({ session, room, local, onLeave }: { session: RoomSession; room: RoomView; local: RoomState['local']; onLeave: () => void }) {
  const hasMic = !!local.stream?.getAudioTracks().length;
  const hasCam = !!local.stream?.getVideoTracks().length;
  const produces = can(room.self.role, 'produce');
  return (
    <div className="controls" role="toolbar" aria-label="Call controls">
      {produces ? (
        <>
          <button
            type="button"
            data-testid="toggle-mic"
            aria-pressed={local.audioMuted}
            className={local.audioMuted ? 'toggle-off' : undefined}
            disabled={!hasMic}
            onClick={() => void session.toggle('mic')}
          >
            {!hasMic ? 'No microphone' : local.audioMuted ? 'Unmute microphone' : 'Mute microphone'}
          </button>
          <button
            type="button"
            data-testid="toggle-camera"
            aria-pressed={local.videoMuted}
            className={local.videoMuted ? 'toggle-off' : undefined}
            disabled={!hasCam}
            onClick={() => void session.toggle('cam')}
          >
            {!hasCam ? 'No camera' : local.videoMuted ? 'Turn camera on' : 'Turn camera off'}
          </button>
        </>
      ) : (
        <span className="muted">You are an observer: others cannot see or hear you.</span>
      )}
      <span role="status" className="sr-only">
        {local.audioMuted ? 'Your microphone is muted.' : ''} {local.videoMuted ? 'Your camera is off.' : ''}
      </span>
      {produces ? <DeviceSettings session={session} stream={local.stream} /> : null}
      {can(room.self.role, 'knock') ? <HandButton session={session} raised={!!room.participants.find((p) => p.id === room.self.id)?.handRaised} /> : null}
      {room.settings.allowRoaming && can(room.self.role, 'roam') ? <RoamMenu session={session} room={room} /> : null}
      <button type="button" className="danger" data-testid="leave" onClick={onLeave}>
        Leave
      </button>
    </div>
  );
}

function HandButton({ session, raised }: { session: RoomSession; raised: boolean }) {
  return (
    <button type="button" className="secondary" aria-pressed={raised} data-testid="raise-hand" onClick={() => void session.request('hand:set', { raised: !raised })}>
      {raised ? 'Lower hand' : 'Raise hand'}
    </button>
  );
}

/** Only when the mediator allows roaming: parties choose their own space. */
function RoamMenu({ session, room }: { session: RoomSession; room: RoomView }) {
  const [error, setError] = useState<string | null>(null);
  // From a caucus the projection does not list the joint room, but it is always a place to go.
  const visible = room.spaces.some((s) => s.id === JOINT) ? room.spaces : [...room.spaces, { id: JOINT, name: 'Joint session' }];
  const choices = visible.filter((s) => s.id !== LOBBY && s.id !== room.self.space);
  if (choices.length === 0) return null;
  return (
    <label className="row">
      <span>Go to</span>
      <select
        value=""
        data-testid="roam-menu"
        onChange={(e) => {
          const space = e.target.value as SpaceId;
          if (!space) return;
          void session.request('space:enter', { space }).then((r) => setError(r.ok ? null : r.error.message));
        }}
      >
        <option value="">Choose a space…</option>
        {choices.map((s) => (
          <option key={s.id} value={s.id}>
            {s.name}
          </option>
        ))}
      </select>
      {error ? (
        <span className="error" role="alert">
          {error}
        </span>
      ) : null}
    </label>
  );
}
