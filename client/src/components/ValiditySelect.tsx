import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { DEFAULT_VALIDITY_HOURS, hoursUntil, VALIDITY_CHOICES } from './linkValidity';

/** "Link valid for: 1 day / 3 days / 7 days / 30 days / until a date…". Reports whole hours, or
 * null while a chosen date is missing or not usable (the caller disables its button then). */
export function ValiditySelect({ onChange, label, testId }: { onChange: (hours: number | null) => void; label?: string; testId?: string }) {
  const { t } = useTranslation('common');
  const [choice, setChoice] = useState(String(DEFAULT_VALIDITY_HOURS));
  const [date, setDate] = useState('');
  const dateId = useId();
  const custom = choice === 'custom';
  const customHours = custom && date ? hoursUntil(new Date(date).getTime(), Date.now()) : null;
  return (
    <span className="row wrap validity-select">
      <label className="field">
        <span>{label ?? t('validity.label')}</span>
        <select
          value={choice}
          data-testid={testId}
          onChange={(e) => {
            setChoice(e.target.value);
            onChange(e.target.value === 'custom' ? (date ? hoursUntil(new Date(date).getTime(), Date.now()) : null) : Number(e.target.value));
          }}
        >
          {VALIDITY_CHOICES.map((c) => (
            <option key={c.hours} value={c.hours}>
              {t('validity.day', { count: c.hours / 24 })}
            </option>
          ))}
          <option value="custom">{t('validity.untilDate')}</option>
        </select>
      </label>
      {custom ? (
        <label className="field" htmlFor={dateId}>
          <span>{t('validity.validUntilLabel')}</span>
          <input
            id={dateId}
            type="datetime-local"
            value={date}
            data-testid={testId ? `${testId}-date` : undefined}
            onChange={(e) => {
              setDate(e.target.value);
              onChange(e.target.value ? hoursUntil(new Date(e.target.value).getTime(), Date.now()) : null);
            }}
          />
          {date && customHours === null ? <small className="error">{t('validity.next90')}</small> : null}
        </label>
      ) : null}
    </span>
  );
}
