import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { can, JOINT, LOBBY, type RoomView, type SpaceId } from '@mediation/shared';
import type { RoomSession } from './roomSession';
import type { RoomState } from './state';
import { DeviceSettings } from './DeviceSettings';
import { BarButton } from '../layout/BarButton';
import { isTextField, shortcutFor } from '../layout/shortcuts';
import { errorText } from '../i18n/errorText';
import { spaceName } from './describe';

/** The middle of the control bar: microphone, camera, devices, hand and leave. Ctrl+D / Ctrl+E
 * (or M / V outside text fields) toggle the microphone and the camera. */
export function CallControls({ session, room, local, onLeave }: { session: RoomSession; room: RoomView; local: RoomState['local']; onLeave: () => void }) {
  const hasMic = !!local.stream?.getAudioTracks().length;
  const hasCam = !!local.stream?.getVideoTracks().length;
  const produces = can(room.self.role, 'produce');
  useCallShortcuts(session, produces && hasMic, produces && hasCam);
  const { t } = useTranslation();
  const micName = !hasMic ? t('layout:bar.noMicrophone') : local.audioMuted ? t('layout:bar.unmuteMic') : t('layout:bar.muteMic');
  const camName = !hasCam ? t('layout:bar.noCamera') : local.videoMuted ? t('layout:bar.cameraOn') : t('layout:bar.cameraOff');
  return (
    <div className="bar-group bar-center" role="toolbar" aria-label={t('layout:bar.callControls')}>
      {produces ? (
        <>
          <BarButton
            icon={local.audioMuted || !hasMic ? 'mic-off' : 'mic'}
            label={!hasMic ? t('layout:bar.noMic') : local.audioMuted ? t('layout:bar.unmute') : t('layout:bar.mute')}
            name={micName}
            tip={t('layout:bar.withShortcut', { action: micName, keys: t('layout:bar.micKeys') })}
            shortcut="Control+D M"
            testId="toggle-mic"
            pressed={local.audioMuted}
            className={local.audioMuted ? 'toggle-off' : ''}
            disabled={!hasMic}
            onClick={() => void session.toggle('mic')}
          />
          <BarButton
            icon={local.videoMuted || !hasCam ? 'cam-off' : 'cam'}
            label={!hasCam ? t('layout:bar.noCamera') : t('layout:bar.camera')}
            name={camName}
            tip={t('layout:bar.withShortcut', { action: camName, keys: t('layout:bar.camKeys') })}
            shortcut="Control+E V"
            testId="toggle-camera"
            pressed={local.videoMuted}
            className={local.videoMuted ? 'toggle-off' : ''}
            disabled={!hasCam}
            onClick={() => void session.toggle('cam')}
          />
        </>
      ) : (
        <span className="bar-clock observing-note">{t('layout:bar.observing')}</span>
      )}
      <span role="status" className="sr-only">
        {local.audioMuted ? t('layout:bar.micMuted') : ''} {local.videoMuted ? t('layout:bar.camOff') : ''}
      </span>
      {produces ? <DeviceSettings session={session} stream={local.stream} className="wide-only" /> : null}
      {can(room.self.role, 'knock') ? <HandButton session={session} raised={!!room.participants.find((p) => p.id === room.self.id)?.handRaised} /> : null}
      <BarButton icon="leave" label={t('layout:bar.leave')} name={t('layout:bar.leave')} tip={t('layout:bar.leaveTip')} className="leave" testId="leave" onClick={onLeave} />
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
  const { t } = useTranslation();
  return (
    <BarButton
      icon="hand"
      label={raised ? t('layout:bar.lowerHand') : t('layout:bar.raiseHand')}
      tip={raised ? t('layout:bar.lowerTip') : t('layout:bar.raiseTip')}
      pressed={raised}
      testId="raise-hand"
      onClick={() => void session.request('hand:set', { raised: !raised })}
    />
  );
}

/** Only when the mediator allows roaming: parties choose their own space (shown in People). */
export function RoamMenu({ session, room }: { session: RoomSession; room: RoomView }) {
  const [error, setError] = useState<string | null>(null);
  const { t } = useTranslation();
  // From a caucus the projection does not list the joint room, but it is always a place to go.
  const visible = room.spaces.some((s) => s.id === JOINT) ? room.spaces : [...room.spaces, { id: JOINT, name: '' }];
  const choices = visible.filter((s) => s.id !== LOBBY && s.id !== room.self.space);
  if (!room.settings.allowRoaming || !can(room.self.role, 'roam') || choices.length === 0) return null;
  return (
    <label className="field roam">
      <span>{t('layout:bar.goTo')}</span>
      <select
        value=""
        data-testid="roam-menu"
        onChange={(e) => {
          const space = e.target.value as SpaceId;
          if (!space) return;
          void session.request('space:enter', { space }).then((r) => setError(r.ok ? null : errorText(r.error)));
        }}
      >
        <option value="">{t('layout:bar.chooseSpace')}</option>
        {choices.map((s) => (
          <option key={s.id} value={s.id}>
            {spaceName(room, s.id)}
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
