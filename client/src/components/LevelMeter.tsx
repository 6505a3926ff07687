import { useEffect, useRef } from 'react';

/** Microphone level from a WebAudio AnalyserNode, so people see that they can be heard. The bar is
 * updated through a ref (not React state) to avoid re-rendering 60 times a second. */
export function LevelMeter({ stream, label = 'Microphone level' }: { stream: MediaStream | null; label?: string }) {
  const barRef = useRef<HTMLDivElement>(null);
  const meterRef = useRef<HTMLDivElement>(null);

  useEffect(() => {
    const track = stream?.getAudioTracks()[0];
    if (!stream || !track) return;
    const Ctx = window.AudioContext ?? (window as unknown as { webkitAudioContext?: typeof AudioContext }).webkitAudioContext;
    if (!Ctx) return;
    const ctx = new Ctx();
    const source = ctx.createMediaStreamSource(new MediaStream([track]));
    const analyser = ctx.createAnalyser();
    analyser.fftSize = 512;
    source.connect(analyser);
    const data = new Uint8Array(analyser.fftSize);
    let frame = 0;
    let lastAria = 0;
    const tick = () => {
      analyser.getByteTimeDomainData(data);
      let sum = 0;
      for (const v of data) {
        const x = (v - 128) / 128;
        sum += x * x;
      }
      const rms = Math.sqrt(sum / data.length);
      const level = Math.min(100, Math.round(rms * 300));
      if (barRef.current) barRef.current.style.width = `${level}%`;
      const now = performance.now();
      if (meterRef.current && now - lastAria > 500) {
        meterRef.current.setAttribute('aria-valuenow', String(level));
        meterRef.current.dataset.level = String(level);
        lastAria = now;
      }
      frame = requestAnimationFrame(tick);
    };
    void ctx.resume().catch(() => undefined);
    frame = requestAnimationFrame(tick);
    return () => {
      cancelAnimationFrame(frame);
      source.disconnect();
      void ctx.close().catch(() => undefined);
    };
  }, [stream]);

  const hasAudio = !!stream?.getAudioTracks().length;
  return (
    <div className="level" role="meter" aria-label={label} aria-valuemin={0} aria-valuemax={100} aria-valuenow={0} ref={meterRef} data-testid="level-meter">
      <div className="level-bar" ref={barRef} />
      {!hasAudio ? <span className="sr-only">No microphone</span> : null}
    </div>
  );
}
