import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { DEFAULT_LANGUAGE, toLanguage } from '@mediation/shared';
import { formatDate, formatDateTime, formatNumber, formatTime, type FormatOptions } from './format';

/** The formatters bound to the interface language; the component re-renders when it changes. */
export function useFormat() {
  const { i18n } = useTranslation();
  const lng = toLanguage(i18n.language) ?? DEFAULT_LANGUAGE;
  return useMemo(
    () => ({
      lng,
      dateTime: (v: Date | number | string, o?: FormatOptions) => formatDateTime(lng, v, o),
      time: (v: Date | number | string, o?: FormatOptions) => formatTime(lng, v, o),
      date: (v: Date | number | string, o?: FormatOptions) => formatDate(lng, v, o),
      number: (n: number, o?: Intl.NumberFormatOptions) => formatNumber(lng, n, o),
    }),
    [lng],
  );
}
