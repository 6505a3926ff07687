import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { deviceLabel, listDevices, type DeviceLists } from '../media/localMedia';
import type { RoomSession } from './roomSession';
import { Icon } from '../layout/Icon';

/** Switch camera or microphone during the call (the new track replaces the one being sent). */
export function DeviceSettings({ session, stream, className = '' }: { session: RoomSession; stream: MediaStream | null; className?: string }) {
  const { t } = useTranslation();
  const [devices, setDevices] = useState<DeviceLists>({ mics: [], cams: [] });
  const [open, setOpen] = useState(false);
  useEffect(() => {
    if (!open) return;
    const refresh = () => void listDevices().then(setDevices).catch(() => undefined);
    refresh();
    navigator.mediaDevices?.addEventListener?.('devicechange', refresh);
    return () => navigator.mediaDevices?.removeEventListener?.('devicechange', refresh);
  }, [open]);
  const camId = stream?.getVideoTracks()[0]?.getSettings().deviceId ?? '';
  const micId = stream?.getAudioTracks()[0]?.getSettings().deviceId ?? '';
  return (
    <details onToggle={(e) => setOpen((e.target as HTMLDetailsElement).open)} className={`device-settings ${className}`}>
      <summary className="bar-button" data-tip={t('layout:bar.devicesTip')}>
        <span className="bar-icon">
          <Icon name="settings" />
        </span>
        <span className="bar-label">{t('layout:bar.devices')}</span>
      </summary>
      {/* A panel over the room (opening upward from the bar), so it pushes nothing around. */}
      <div className="row wrap device-panel">
        <label className="field">
          <span>{t('join:device.camera')}</span>
          <select value={camId} onChange={(e) => e.target.value && void session.switchDevice('video', e.target.value)} disabled={devices.cams.length === 0} data-testid="room-camera-select">
            {!camId ? <option value="">{t('room:devices.noCamera')}</option> : null}
            {devices.cams.map((d, i) => (
              <option key={d.deviceId || i} value={d.deviceId}>
                {deviceLabel(d, i)}
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          <span>{t('join:device.microphone')}</span>
          <select value={micId} onChange={(e) => e.target.value && void session.switchDevice('audio', e.target.value)} disabled={devices.mics.length === 0} data-testid="room-mic-select">
            {!micId ? <option value="">{t('room:devices.noMic')}</option> : null}
            {devices.mics.map((d, i) => (
              <option key={d.deviceId || i} value={d.deviceId}>
                {deviceLabel(d, i)}
              </option>
            ))}
          </select>
        </label>
      </div>
    </details>
  );
}
