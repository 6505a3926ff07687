/**
 * Live captions (CART) over the video: anyone turns them on with the button, and sees the last
 * three lines of their own space. `aria-live` is off unless the person asks for captions to be
 * read aloud: a screen reader already hears the speech, and reading every line again would double
 * it. A captioner also gets the line they type here (Enter sends one phrase).
 */
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { can, ErrorCode, LIMITS, LOBBY, type RoomView, type SpaceId } from '@mediation/shared';
import type { RoomSession } from './roomSession';
import { lastLines, setCaptionsShown, useCaptions } from './captions';
import './captions.css';
import { errorText } from '../i18n/errorText';

export function CaptionsOverlay({ session, room }: { session: RoomSession; room: RoomView }) {
  const { t } = useTranslation('captions');
  const { lines, shown } = useCaptions();
  const [readAloud, setReadAloud] = useState(false);
  const captioner = can(room.self.role, 'caption');
  if (room.self.space === LOBBY) return null;
  const visible = shown || captioner;
  return (
    <div className="captions" data-testid="captions">
      <div className="captions-tools">
        <button type="button" aria-pressed={shown} onClick={() => setCaptionsShown(!shown)} data-testid="toggle-captions">
          {shown ? t('hide') : t('show')}
        </button>
        {visible ? (
          <label className="captions-read">
            <input type="checkbox" checked={readAloud} onChange={(e) => setReadAloud(e.target.checked)} /> {t('readAloud')}
          </label>
        ) : null}
      </div>
      <div className="captions-bottom">
        {visible ? (
          <div className="captions-lines" aria-live={readAloud ? 'polite' : 'off'} aria-label={t('label')} role="log" data-testid="caption-lines">
            {lines.length === 0 ? <p className="captions-empty">{t('none')}</p> : lastLines(lines).map((l) => <p key={l.id}>{l.text}</p>)}
          </div>
        ) : null}
        {captioner ? <CaptionInput session={session} space={room.self.space} /> : null}
      </div>
    </div>
  );
}

/** The captioner's line: one phrase at a time, sent on Enter. */
function CaptionInput({ session, space }: { session: RoomSession; space: SpaceId }) {
  const { t } = useTranslation('captions');
  const [text, setText] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const line = text.trim();
    if (!line) return;
    // The space it was written in: a line a move crosses is refused, not shown in the new space.
    const r = await session.request('caption:send', { text: line, space });
    if (r.ok) {
      setText('');
      setProblem(null);
    } else setProblem(r.error.code === ErrorCode.CONFLICT ? t('movedNotSent') : errorText(r.error));
  };
  return (
    <form className="captions-input" onSubmit={(e) => void submit(e)}>
      <label>
        {t('line')}
        <input value={text} maxLength={LIMITS.captionMaxChars} onChange={(e) => setText(e.target.value)} data-testid="caption-input" autoComplete="off" />
      </label>
      <button type="submit">{t('send')}</button>
      {problem ? <span role="alert">{problem}</span> : null}
    </form>
  );
}
