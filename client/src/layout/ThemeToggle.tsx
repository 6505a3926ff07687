import { useEffect, useState } from 'react';
import { currentTheme, nextChoice, onThemeChange, setThemeChoice, type Theme } from './theme';
import { Icon } from './Icon';

/** Switches between light and dark; the choice is remembered on this device. */
export function ThemeToggle({ className = '' }: { className?: string }) {
  const [theme, setTheme] = useState<Theme>(currentTheme);
  useEffect(() => onThemeChange(setTheme), []);
  const dark = theme === 'dark';
  return (
    <button
      type="button"
      className={`icon-button theme-toggle ${className}`}
      aria-pressed={dark}
      aria-label="Dark theme"
      title={dark ? 'Dark theme is on' : 'Dark theme is off'}
      data-testid="theme-toggle"
      onClick={() => setThemeChoice(nextChoice(theme))}
    >
      <Icon name={dark ? 'moon' : 'sun'} />
    </button>
  );
}
