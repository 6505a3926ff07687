import { useEffect, useState } from 'react';
import { can, JOINT, LOBBY, type RoomView, type SpaceId } from '@mediation/shared';
import type { RoomSession } from './roomSession';
import type { RoomState } from './state';
import { DeviceSettings } from './DeviceSettings';
import { BarButton } from '../layout/BarButton';
import { isTextField, SHORTCUT_TEXT, shortcutFor } from '../layout/shortcuts';

/** The middle of the control bar: microphone, camera, devices, hand and leave. Ctrl+D / Ctrl+E
 * (or M / V outside text fields) toggle the microphone and the camera. */
export function CallControls({ session, room, local, onLeave }: { session: RoomSession; room: RoomView; local: RoomState['local']; onLeave: () => void }) {
  const hasMic = !!local.stream?.getAudioTracks().length;
  const hasCam = !!local.stream?.getVideoTracks().length;
  const produces = can(room.self.role, 'produce');
  useCallShortcuts(session, produces && hasMic, produces && hasCam);
  const micName = !hasMic ? 'No microphone' : local.audioMuted ? 'Unmute microphone' : 'Mute microphone';
  const camName = !hasCam ? 'No camera' : local.videoMuted ? 'Turn camera on' : 'Turn camera off';
  return (
    <div className="bar-group bar-center" role="toolbar" aria-label="Call controls">
      {produces ? (
        <>
          <BarButton
            icon={local.audioMuted || !hasMic ? 'mic-off' : 'mic'}
            label={!hasMic ? 'No mic' : local.audioMuted ? 'Unmute' : 'Mute'}
            name={micName}
            tip={`${micName} (${SHORTCUT_TEXT.mic})`}
            shortcut="Control+D M"
            testId="toggle-mic"
            pressed={local.audioMuted}
            className={local.audioMuted ? 'toggle-off' : ''}
            disabled={!hasMic}
            onClick={() => void session.toggle('mic')}
          />
          <BarButton
            icon={local.videoMuted || !hasCam ? 'cam-off' : 'cam'}
            label={!hasCam ? 'No camera' : 'Camera'}
            name={camName}
            tip={`${camName} (${SHORTCUT_TEXT.cam})`}
            shortcut="Control+E V"
            testId="toggle-camera"
            pressed={local.videoMuted}
            className={local.videoMuted ? 'toggle-off' : ''}
            disabled={!hasCam}
            onClick={() => void session.toggle('cam')}
          />
        </>
      ) : (
        <span className="bar-clock">Observing: others cannot see or hear you.</span>
      )}
      <span role="status" className="sr-only">
        {local.audioMuted ? 'Your microphone is muted.' : ''} {local.videoMuted ? 'Your camera is off.' : ''}
      </span>
      {produces ? <DeviceSettings session={session} stream={local.stream} className="wide-only" /> : null}
      {can(room.self.role, 'knock') ? <HandButton session={session} raised={!!room.participants.find((p) => p.id === room.self.id)?.handRaised} /> : null}
      <BarButton icon="leave" label="Leave" name="Leave" tip="Leave the session" className="leave" testId="leave" onClick={onLeave} />
    </div>
  );
}

function useCallShortcuts(session: RoomSession, mic: boolean, cam: boolean) {
  useEffect(() => {
    if (!mic && !cam) return;
    const onKey = (e: KeyboardEvent) => {
      if (e.repeat) return;
      const action = shortcutFor({ key: e.key, ctrlKey: e.ctrlKey, metaKey: e.metaKey, altKey: e.altKey, shiftKey: e.shiftKey, inTextField: isTextField(document.activeElement) });
      if (!action || (action === 'mic' && !mic) || (action === 'cam' && !cam)) return;
      e.preventDefault(); // Ctrl+D would bookmark the page, Ctrl+E focus the address bar
      void session.toggle(action);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [session, mic, cam]);
}

function HandButton({ session, raised }: { session: RoomSession; raised: boolean }) {
  return (
    <BarButton
      icon="hand"
      label={raised ? 'Lower hand' : 'Raise hand'}
      tip={raised ? 'Lower your hand' : 'Raise your hand: the mediator is told'}
      pressed={raised}
      testId="raise-hand"
      onClick={() => void session.request('hand:set', { raised: !raised })}
    />
  );
}

/** Only when the mediator allows roaming: parties choose their own space (shown in People). */
export function RoamMenu({ session, room }: { session: RoomSession; room: RoomView }) {
  const [error, setError] = useState<string | null>(null);
  // From a caucus the projection does not list the joint room, but it is always a place to go.
  const visible = room.spaces.some((s) => s.id === JOINT) ? room.spaces : [...room.spaces, { id: JOINT, name: 'Joint session' }];
  const choices = visible.filter((s) => s.id !== LOBBY && s.id !== room.self.space);
  if (!room.settings.allowRoaming || !can(room.self.role, 'roam') || choices.length === 0) return null;
  return (
    <label className="field roam">
      <span>Go to another space</span>
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
