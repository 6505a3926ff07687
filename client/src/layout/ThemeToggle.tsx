import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { currentTheme, nextChoice, onThemeChange, setThemeChoice, type Theme } from './theme';
import { Icon } from './Icon';

/** Switches between light and dark; the choice is remembered on this device. */
export function ThemeToggle({ className = '' }: { className?: string }) {
  const { t } = useTranslation();
  const [theme, setTheme] = useState<Theme>(currentTheme);
  useEffect(() => onThemeChange(setTheme), []);
  const dark = theme === 'dark';
  return (
    <button
      type="button"
      className={`icon-button theme-toggle ${className}`}
      aria-pressed={dark}
      aria-label={t('layout:darkTheme')}
      title={dark ? t('layout:darkOn') : t('layout:darkOff')}
      data-testid="theme-toggle"
      onClick={() => setThemeChoice(nextChoice(theme))}
    >
      <Icon name={dark ? 'moon' : 'sun'} />
    </button>
  );
}
