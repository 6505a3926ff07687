/**
 * "Original" or "Interpretation (Spanish)": shown in the control bar when an interpreter is in the
 * listener's space. With the interpretation chosen, the other voices are ducked, not muted
 * (room/interpretation.ts); the interpreter's own page does not offer it.
 */
import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import type { RoomView } from '@mediation/shared';
import { interpretationLanguages, interpretersHere, setListenChoice, useListenChoice } from './interpretation';
import './captions.css';

export function InterpretationPicker({ room }: { room: RoomView }) {
  const { t } = useTranslation('captions');
  const choice = useListenChoice();
  const name = useId();
  const here = interpretersHere(room);
  if (here.length === 0 || room.self.role === 'interpreter') return null;
  const languages = interpretationLanguages(here);
  return (
    <fieldset className="interpretation-picker" data-testid="interpretation-picker">
      <legend className="sr-only">{t('listenTo')}</legend>
      <label>
        <input type="radio" name={name} checked={choice === 'original'} onChange={() => setListenChoice('original')} data-testid="listen-original" /> {t('original')}
      </label>
      <label>
        <input type="radio" name={name} checked={choice === 'interpretation'} onChange={() => setListenChoice('interpretation')} data-testid="listen-interpretation" />{' '}
        {languages.length > 0 ? t('interpretationIn', { languages: languages.join(', ') }) : t('interpretation')}
      </label>
    </fieldset>
  );
}
