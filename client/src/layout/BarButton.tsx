import type { ReactNode } from 'react';
import { Icon, type IconName } from './Icon';

/**
 * A control-bar button: an icon in a pill with a short visible label under it. `name` is the
 * accessible name when it differs from the label (it contains the label, WCAG 2.5.3). `tip` is
 * the tooltip, with the keyboard shortcut.
 */
export function BarButton({ icon, label, name, tip, pressed, expanded, className = '', badge, badgeLabel, disabled, testId, shortcut, onClick, children }: {
  icon: IconName;
  label: string;
  name?: string;
  tip?: string;
  pressed?: boolean;
  expanded?: boolean;
  className?: string;
  badge?: number;
  badgeLabel?: string;
  disabled?: boolean;
  testId?: string;
  /** aria-keyshortcuts value, e.g. "Control+D M". */
  shortcut?: string;
  onClick: () => void;
  children?: ReactNode;
}) {
  // An explicit name replaces the content's, so it carries the badge's meaning itself.
  const accessibleName = name && badge ? `${name}, ${badgeLabel ?? badge}` : name;
  return (
    <button
      type="button"
      className={`bar-button ${className}`}
      aria-label={accessibleName}
      aria-pressed={pressed}
      aria-expanded={expanded}
      aria-keyshortcuts={shortcut}
      data-tip={tip ?? name ?? label}
      data-testid={testId}
      disabled={disabled}
      onClick={onClick}
    >
      <span className="bar-icon">
        <Icon name={icon} />
      </span>
      <span className="bar-label">{label}</span>
      {/* The space keeps the visible text "Tower 1", not "Tower1", inside the name (WCAG 2.5.3). */}
      {badge ? ' ' : null}
      {badge ? (
        <>
          <span className="bar-badge" data-testid={testId ? `${testId.replace(/^tab-/, 'tab-badge-')}` : undefined} aria-hidden="true">
            {badge}
          </span>
          {name ? null : <span className="sr-only">, {badgeLabel ?? badge}</span>}
        </>
      ) : null}
      {children}
    </button>
  );
}
