/** Opening the camera and microphone, and listing devices for the pickers. */

export interface LocalMediaChoice {
  mic: boolean;
  cam: boolean;
  micId?: string;
  camId?: string;
}

export async function openLocalMedia(choice: LocalMediaChoice): Promise<MediaStream | null> {
  if (!choice.mic && !choice.cam) return null;
  return navigator.mediaDevices.getUserMedia({
    audio: choice.mic ? { deviceId: choice.micId ? { exact: choice.micId } : undefined, echoCancellation: true, noiseSuppression: true } : false,
    video: choice.cam ? { deviceId: choice.camId ? { exact: choice.camId } : undefined, width: { ideal: 640 }, height: { ideal: 360 }, frameRate: { ideal: 24 } } : false,
  });
}

export function stopStream(stream: MediaStream | null | undefined): void {
  stream?.getTracks().forEach((t) => t.stop());
}

export interface DeviceLists {
  mics: MediaDeviceInfo[];
  cams: MediaDeviceInfo[];
}

export async function listDevices(): Promise<DeviceLists> {
  if (!navigator.mediaDevices?.enumerateDevices) return { mics: [], cams: [] };
  const all = await navigator.mediaDevices.enumerateDevices();
  return { mics: all.filter((d) => d.kind === 'audioinput'), cams: all.filter((d) => d.kind === 'videoinput') };
}

/** A readable label even before permission is granted (browsers hide labels until then). */
export function deviceLabel(d: MediaDeviceInfo, index: number): string {
  if (d.label) return d.label;
  return `${d.kind === 'videoinput' ? 'Camera' : 'Microphone'} ${index + 1}`;
}

/** The stream the room will send: the preview's if it is ready, else a fresh one with the same
 * choice (when the person joined before the camera finished starting), else none. */
export function localStreamFor(stream: MediaStream | null, wanted: LocalMediaChoice | null): Promise<MediaStream | null> {
  if (stream) return Promise.resolve(stream);
  if (wanted) return openLocalMedia(wanted).catch(() => null);
  return Promise.resolve(null);
}
