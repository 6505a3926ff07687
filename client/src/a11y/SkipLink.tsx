/**
 * "Skip to main content": the first thing Tab reaches on every page (WCAG 2.4.1). It moves focus
 * to the page's <main> landmark, whichever page is showing, so a keyboard user does not tab through
 * the header (and, in the room, the video tiles and the control bar) on every visit.
 */
import type { MouseEvent } from 'react';
import './a11y.css';

export function SkipLink() {
  const skip = (e: MouseEvent<HTMLAnchorElement>) => {
    const main = document.querySelector('main');
    if (!main) return;
    e.preventDefault();
    if (!main.id) main.id = 'main';
    // -1: focusable from script, not an extra Tab stop.
    if (!main.hasAttribute('tabindex')) main.setAttribute('tabindex', '-1');
    main.focus();
  };
  return (
    <a className="skip-link" href="#main" onClick={skip} data-testid="skip-link">
      Skip to main content
    </a>
  );
}
