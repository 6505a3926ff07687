import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { LANGUAGES, LANGUAGE_NAMES, toLanguage } from '@mediation/shared';
import { chooseLanguage } from './index';

/**
 * The person's language: on the join page and in the room's settings. The label is in both the
 * current language and the language's own names, so someone who cannot read the current one
 * still finds "Español" in the list.
 */
export function LanguagePicker({ className }: { className?: string }) {
  const { t, i18n } = useTranslation('common');
  const id = useId();
  const current = toLanguage(i18n.language) ?? 'en';
  return (
    <div className={['field', 'language-picker', className].filter(Boolean).join(' ')}>
      <label htmlFor={id}>{t('language.label')}</label>
      <select id={id} data-testid="language-picker" value={current} onChange={(e) => void chooseLanguage(toLanguage(e.target.value) ?? 'en')}>
        {LANGUAGES.map((l) => (
          <option key={l} value={l} lang={l}>
            {LANGUAGE_NAMES[l]}
          </option>
        ))}
      </select>
    </div>
  );
}
