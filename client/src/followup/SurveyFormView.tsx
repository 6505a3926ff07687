/**
 * A satisfaction survey form (ended page and the emailed /survey link): 1-5 per statement, the
 * 0-10 recommendation, free text. Big touch targets: most people answer on their phone.
 */
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { Result, SurveyAnswerBody, SurveyForm } from '@mediation/shared';

const SCALE = [1, 2, 3, 4, 5] as const;

export function SurveyFormView({ form, submit }: { form: SurveyForm; submit: (body: SurveyAnswerBody) => Promise<Result<SurveyForm>> }) {
  const { t } = useTranslation('followup');
  const [ratings, setRatings] = useState<Record<string, number>>({});
  const [recommend, setRecommend] = useState<number | null>(null);
  const [comment, setComment] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [answered, setAnswered] = useState(form.answered);

  if (answered) return <p data-testid="survey-thanks" role="status">{t('survey.thanks')}</p>;

  async function send(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    const r = await submit({ ratings, recommend: form.asksRecommend ? recommend : null, comment: comment.trim() });
    setBusy(false);
    if (r.ok) setAnswered(true);
    else setError(r.error.message);
  }

  return (
    <form className="stack survey" onSubmit={send} data-testid="survey-form" aria-label={t('survey.formLabel')}>
      <p className="muted">
        {form.variant === 'mediator'
          ? t('survey.selfIntro')
          : t('survey.anonIntro')}
      </p>
      {form.items.map((item) => (
        <fieldset key={item.key} className="survey-item">
          {/* The statement in the reader's language by its key; the server's English text if the key is new. */}
          <legend>{t('survey.item', { context: item.key, defaultValue: item.text })}</legend>
          <div className="survey-scale" role="radiogroup" aria-label={t('survey.item', { context: item.key, defaultValue: item.text })}>
            {SCALE.map((n) => (
              <label key={n} className={ratings[item.key] === n ? 'chosen' : ''} title={t('survey.scale', { context: String(n) })}>
                <input type="radio" name={item.key} value={n} checked={ratings[item.key] === n} data-testid={`survey-rating-${item.key}-${n}`}
                  onChange={() => setRatings((r) => ({ ...r, [item.key]: n }))} />
                <span>{n}</span>
              </label>
            ))}
          </div>
          <div className="survey-ends muted"><span>{t('survey.scale_1')}</span><span>{t('survey.scale_5')}</span></div>
        </fieldset>
      ))}
      {form.asksRecommend ? (
        <fieldset className="survey-item">
          <legend>{t('survey.recommend')}</legend>
          <div className="survey-scale nps" role="radiogroup" aria-label={t('survey.recommendLabel')}>
            {Array.from({ length: 11 }, (_, n) => (
              <label key={n} className={recommend === n ? 'chosen' : ''}>
                <input type="radio" name="recommend" value={n} checked={recommend === n} data-testid={`survey-recommend-${n}`} onChange={() => setRecommend(n)} />
                <span>{n}</span>
              </label>
            ))}
          </div>
        </fieldset>
      ) : null}
      <label className="field">
        <span>{t('survey.comment')}</span>
        <textarea rows={3} maxLength={2000} value={comment} onChange={(e) => setComment(e.target.value)} data-testid="survey-comment" />
      </label>
      {error ? <p className="error" role="alert">{error}</p> : null}
      <button type="submit" disabled={busy} data-testid="survey-submit">{busy ? t('survey.sending') : t('survey.send')}</button>
    </form>
  );
}
