import { useId, useRef, useState, type KeyboardEvent, type ReactNode } from 'react';

export interface TabDef {
  id: string;
  label: string;
  /** A count shown on the tab (e.g. knocks waiting), announced with `badgeLabel`. */
  badge?: number;
  badgeLabel?: string;
  render: () => ReactNode;
}

/** WAI-ARIA tabs: arrow keys move between tabs, only the selected panel is mounted. Controlled
 * when `selected` and `onSelect` are given (another part of the page can switch tabs). */
export function Tabs({ tabs, initial, label, selected: controlled, onSelect }: { tabs: TabDef[]; initial?: string; label: string; selected?: string; onSelect?: (id: string) => void }) {
  const [own, setOwn] = useState(initial ?? tabs[0]?.id ?? '');
  const selected = controlled ?? own;
  const setSelected = (id: string) => {
    setOwn(id);
    onSelect?.(id);
  };
  const base = useId();
  const refs = useRef<Record<string, HTMLButtonElement | null>>({});
  const current = tabs.find((t) => t.id === selected) ?? tabs[0];

  function onKey(e: KeyboardEvent, index: number) {
    let next = -1;
    if (e.key === 'ArrowRight') next = (index + 1) % tabs.length;
    else if (e.key === 'ArrowLeft') next = (index - 1 + tabs.length) % tabs.length;
    else if (e.key === 'Home') next = 0;
    else if (e.key === 'End') next = tabs.length - 1;
    if (next < 0) return;
    e.preventDefault();
    const t = tabs[next];
    if (!t) return;
    setSelected(t.id);
    refs.current[t.id]?.focus();
  }

  return (
    <div className="tabs">
      <div role="tablist" aria-label={label}>
        {tabs.map((t, i) => (
          <button
            key={t.id}
            type="button"
            role="tab"
            id={`${base}-tab-${t.id}`}
            aria-selected={t.id === current?.id}
            aria-controls={`${base}-panel-${t.id}`}
            tabIndex={t.id === current?.id ? 0 : -1}
            ref={(el) => {
              refs.current[t.id] = el;
            }}
            onClick={() => setSelected(t.id)}
            onKeyDown={(e) => onKey(e, i)}
            data-testid={`tab-${t.id}`}
          >
            {t.label}
            {t.badge ? (
              <>
                <span className="tab-badge" data-testid={`tab-badge-${t.id}`} aria-hidden="true">
                  {t.badge}
                </span>
                <span className="sr-only">, {t.badgeLabel ?? t.badge}</span>
              </>
            ) : null}
          </button>
        ))}
      </div>
      {current ? (
        <div role="tabpanel" id={`${base}-panel-${current.id}`} aria-labelledby={`${base}-tab-${current.id}`} tabIndex={0}>
          {current.render()}
        </div>
      ) : null}
    </div>
  );
}
