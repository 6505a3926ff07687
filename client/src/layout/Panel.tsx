import { useEffect, useId, useRef, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Icon } from './Icon';

/**
 * One panel beside the video (wide: tower, board, agreement, follow-up; side: chat, people,
 * session tools). On a phone it is a full-screen sheet (a modal dialog: the rest of the room is
 * made inert by the frame), closed by its button or Escape. Closed panels stay mounted when
 * `keepMounted` (chat keeps its draft and scroll; the tests can find messages that arrived).
 */
export function Panel({ id, title, kind, open, sheet, onClose, focusToken, keepMounted = false, children }: {
  id: string;
  title: string;
  kind: 'wide' | 'side';
  open: boolean;
  /** Shown as a full-screen sheet (phone). */
  sheet: boolean;
  onClose: () => void;
  /** Changes when the person opened this panel: the heading takes the focus then (not on first render). */
  focusToken: number;
  keepMounted?: boolean;
  children: ReactNode;
}) {
  const { t } = useTranslation();
  const headingId = useId();
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    if (focusToken > 0 && open) heading.current?.focus({ preventScroll: true });
  }, [focusToken, open]);
  if (!open && !keepMounted) return null;
  return (
    <div
      className={`panel panel-${kind}`}
      hidden={!open}
      data-testid={`panel-${id}`}
      data-panel={id}
      role={sheet ? 'dialog' : undefined}
      aria-modal={sheet ? true : undefined}
      aria-labelledby={sheet ? headingId : undefined}
      onKeyDown={(e) => {
        if (sheet && e.key === 'Escape' && !e.defaultPrevented) {
          e.stopPropagation();
          onClose();
        }
      }}
    >
      <div className="panel-head">
        <h2 id={headingId} ref={heading} tabIndex={-1}>
          {title}
        </h2>
        <button type="button" className="icon-button" aria-label={t('layout:closePanel', { title })} data-testid={`close-panel-${id}`} onClick={onClose}>
          <Icon name="close" />
        </button>
      </div>
      <div className="panel-body">{children}</div>
    </div>
  );
}
