import { useId, useState } from 'react';
import { DEFAULT_VALIDITY_HOURS, hoursUntil, VALIDITY_CHOICES } from './linkValidity';

/** "Link valid for: 1 day / 3 days / 7 days / 30 days / until a date…". Reports whole hours, or
 * null while a chosen date is missing or not usable (the caller disables its button then). */
export function ValiditySelect({ onChange, label = 'Link valid for', testId }: { onChange: (hours: number | null) => void; label?: string; testId?: string }) {
  const [choice, setChoice] = useState(String(DEFAULT_VALIDITY_HOURS));
  const [date, setDate] = useState('');
  const dateId = useId();
  const custom = choice === 'custom';
  const customHours = custom && date ? hoursUntil(new Date(date).getTime(), Date.now()) : null;
  return (
    <span className="row wrap validity-select">
      <label className="field">
        <span>{label}</span>
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
              {c.label}
            </option>
          ))}
          <option value="custom">Until a date…</option>
        </select>
      </label>
      {custom ? (
        <label className="field" htmlFor={dateId}>
          <span>Valid until</span>
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
          {date && customHours === null ? <small className="error">Choose a time in the next 90 days.</small> : null}
        </label>
      ) : null}
    </span>
  );
}
