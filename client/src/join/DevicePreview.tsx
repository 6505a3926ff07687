import { useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { describeMediaError, type Asked, type MediaProblemInfo } from '../lib/mediaErrors';
import { deviceLabel, earlyStreamNow, listDevices, openLocalMediaWithFallback, stopStream, takeEarly, type DeviceLists, type LocalMediaChoice } from '../media/localMedia';
import { bootVideoFor, removeBootHolder } from './boot';
import { LevelMeter } from '../components/LevelMeter';

export interface PreviewState {
  choice: LocalMediaChoice;
  stream: MediaStream | null;
  problem: MediaProblemInfo | null;
  opening: boolean;
}

/**
 * The device check: opens camera and microphone with the chosen devices and shows a preview and a
 * level meter. The caller owns the stream (it is handed to the room on join), so it is reported
 * up through `onChange`; this component stops a stream only when it replaces it.
 */
export function DevicePreview({ onChange }: { onChange: (s: PreviewState) => void }) {
  const { t, i18n } = useTranslation('join');
  const [choice, setChoice] = useState<LocalMediaChoice>({ mic: true, cam: true });
  // The camera opened while the page loaded (join-boot.js, or the page's early request): shown from
  // the first render, so the preview never passes through "starting".
  const [stream, setStream] = useState<MediaStream | null>(() => earlyStreamNow());
  const [failure, setFailure] = useState<{ err: unknown; asked: Asked } | null>(null);
  // Described on render (not when it happened), so the words follow a language change made after it.
  const problem = useMemo<MediaProblemInfo | null>(() => (failure ? describeMediaError(failure.err, failure.asked) : null), [failure, i18n.language]);
  /** Which device the problem is about, so the offered way out drops that device and keeps the other. */
  const [failedDevice, setFailedDevice] = useState<'cam' | 'mic' | 'both'>('both');
  const [opening, setOpening] = useState(() => stream === null);
  const [devices, setDevices] = useState<DeviceLists>({ mics: [], cams: [] });
  const [attempt, setAttempt] = useState(0);
  const streamRef = useRef<MediaStream | null>(stream);

  useEffect(() => {
    let cancelled = false;
    const early = takeEarly(choice);
    // The early request's stream may be on screen already (see useState above): it stays.
    if (!early || !streamRef.current) {
      setOpening(true);
      stopStream(streamRef.current);
      streamRef.current = null;
      setStream(null);
    }
    (early ?? openLocalMediaWithFallback(choice))
      .then(({ stream: s, failed }) => {
        if (cancelled) return stopStream(s);
        streamRef.current = s;
        setStream(s);
        // One device opened without the other: keep it, and say which one failed and why.
        setFailure(failed ? { err: failed.error, asked: { cam: failed.device === 'cam', mic: failed.device === 'mic' } } : null);
        setFailedDevice(failed?.device ?? 'both');
      })
      .catch((err: unknown) => {
        if (cancelled) return;
        setFailure({ err, asked: { cam: choice.cam, mic: choice.mic } });
        setFailedDevice(choice.cam && choice.mic ? 'both' : choice.cam ? 'cam' : 'mic');
      })
      .finally(() => {
        if (cancelled) return;
        // No camera picture to adopt (refused, absent, or turned off): the boot placeholder goes.
        if (!streamRef.current?.getVideoTracks().length) removeBootHolder();
        setOpening(false);
        void listDevices().then(setDevices).catch(() => undefined);
      });
    return () => {
      cancelled = true;
    };
  }, [choice, attempt]);

  useEffect(() => {
    const refresh = () => void listDevices().then(setDevices).catch(() => undefined);
    navigator.mediaDevices?.addEventListener?.('devicechange', refresh);
    return () => navigator.mediaDevices?.removeEventListener?.('devicechange', refresh);
  }, []);

  useEffect(() => onChange({ choice, stream, problem, opening }), [choice, stream, problem, opening, onChange]);

  const hasVideo = !!stream?.getVideoTracks().length;
  const asking = useBrowserAsking(opening);
  return (
    <section className="card stack" aria-labelledby="device-heading">
      <h2 id="device-heading">{t('device.heading')}</h2>
      <div className="preview">
        {hasVideo && stream ? (
          <PreviewVideo stream={stream} label={t('device.preview')} />
        ) : (
          <div className="preview-off" data-testid="camera-off">
            {opening ? t('device.starting') : choice.cam ? t('device.noPicture') : t('device.off')}
          </div>
        )}
      </div>
      {asking ? (
        <p className="banner banner-info" role="status" data-testid="permission-hint">
          {t('device.allowPrompt')}
        </p>
      ) : null}
      {problem ? (
        <div className="warning" role="alert" data-testid="media-problem" data-problem={problem.problem}>
          <p>{problem.message}</p>
          <div className="row">
            <button type="button" className="secondary" onClick={() => setAttempt((n) => n + 1)}>
              {t('device.retry')}
            </button>
            {choice.cam && failedDevice !== 'mic' ? (
              <button type="button" className="secondary" data-testid="join-without-camera" onClick={() => setChoice((c) => ({ ...c, cam: false }))}>
                {t('device.withoutCamera')}
              </button>
            ) : choice.mic ? (
              <button type="button" className="secondary" onClick={() => setChoice((c) => ({ ...c, mic: false }))}>
                {t('device.withoutMic')}
              </button>
            ) : null}
          </div>
        </div>
      ) : null}
      <div className="row wrap">
        <label className="field">
          <span>{t('device.camera')}</span>
          <select
            value={choice.camId ?? stream?.getVideoTracks()[0]?.getSettings().deviceId ?? ''}
            disabled={!choice.cam || devices.cams.length === 0}
            onChange={(e) => setChoice((c) => ({ ...c, camId: e.target.value || undefined }))}
            data-testid="camera-select"
          >
            {devices.cams.length === 0 ? <option value="">{opening ? t('device.finding') : t('device.noCamera')}</option> : null}
            {devices.cams.map((d, i) => (
              <option key={d.deviceId || i} value={d.deviceId}>
                {deviceLabel(d, i)}
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          <span>{t('device.microphone')}</span>
          <select
            value={choice.micId ?? stream?.getAudioTracks()[0]?.getSettings().deviceId ?? ''}
            disabled={!choice.mic || devices.mics.length === 0}
            onChange={(e) => setChoice((c) => ({ ...c, micId: e.target.value || undefined }))}
            data-testid="mic-select"
          >
            {devices.mics.length === 0 ? <option value="">{opening ? t('device.finding') : t('device.noMic')}</option> : null}
            {devices.mics.map((d, i) => (
              <option key={d.deviceId || i} value={d.deviceId}>
                {deviceLabel(d, i)}
              </option>
            ))}
          </select>
        </label>
      </div>
      <div className="row wrap">
        <label className="check">
          <input type="checkbox" checked={choice.cam} onChange={(e) => setChoice((c) => ({ ...c, cam: e.target.checked }))} data-testid="use-camera" />
          <span>{t('device.useCamera')}</span>
        </label>
        <label className="check">
          <input type="checkbox" checked={choice.mic} onChange={(e) => setChoice((c) => ({ ...c, mic: e.target.checked }))} data-testid="use-mic" />
          <span>{t('device.useMic')}</span>
        </label>
      </div>
      {choice.mic ? <LevelMeter stream={stream} /> : null}
    </section>
  );
}

/**
 * The person's own camera. On a join link the <video> already exists (join-boot.js showed it
 * before this code loaded): it is moved in here rather than recreated, so the picture the person
 * sees never blanks or restarts. Otherwise a new one is made. Moving an element within one task
 * does not pause it.
 */
function PreviewVideo({ stream, label }: { stream: MediaStream; label: string }) {
  const holder = useRef<HTMLSpanElement>(null);
  const video = useRef<HTMLVideoElement | null>(null);
  useLayoutEffect(() => {
    const box = holder.current;
    if (!box) return;
    let v = bootVideoFor(stream);
    if (!v) {
      v = document.createElement('video');
      v.autoplay = true;
      v.muted = true;
      v.playsInline = true;
      v.setAttribute('data-testid', 'camera-preview');
      v.srcObject = stream;
    }
    box.appendChild(v);
    video.current = v;
    removeBootHolder();
    return () => {
      v.remove();
      video.current = null;
    };
  }, [stream]);
  useLayoutEffect(() => {
    video.current?.setAttribute('aria-label', label);
  }, [label, stream]);
  // `display: contents`: the <video> lays out as a direct child of .preview (its CSS sizes it).
  return <span ref={holder} style={{ display: 'contents' }} />;
}

/**
 * Whether the browser is asking the person for the camera or microphone right now (its permission
 * is still "prompt" while the request waits): the preview then says where to answer, instead of a
 * bare "Starting camera…" that leaves them waiting for something that waits for them.
 */
function useBrowserAsking(opening: boolean): boolean {
  const [asking, setAsking] = useState(false);
  useEffect(() => {
    if (!opening || !navigator.permissions?.query) {
      setAsking(false);
      return;
    }
    let live = true;
    const statuses: PermissionStatus[] = [];
    const update = () => live && setAsking(statuses.some((s) => s.state === 'prompt'));
    for (const name of ['camera', 'microphone']) {
      navigator.permissions
        .query({ name: name as PermissionName })
        .then((status) => {
          statuses.push(status);
          status.addEventListener?.('change', update);
          update();
        })
        .catch(() => undefined); // A browser that cannot say: no hint.
    }
    return () => {
      live = false;
      for (const s of statuses) s.removeEventListener?.('change', update);
    };
  }, [opening]);
  return opening && asking;
}
