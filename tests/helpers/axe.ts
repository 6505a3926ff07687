/**
 * axe-core (through @axe-core/playwright) against the page as it is now, with the rules of WCAG
 * 2.0, 2.1 and 2.2 at levels A and AA. A failure lists every violation with its rule, the CSS
 * targets of the offending nodes and axe's one-line help, so the fix can be found from the log.
 *
 * Nothing is disabled: a rule that does not fit a live video product is fixed in the client
 * (or, if axe is wrong, excluded here with the reason), never silenced by a test.
 */
import { AxeBuilder } from '@axe-core/playwright';
import type { Page } from 'playwright-core';

export const WCAG_AA_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22a', 'wcag22aa'];

export interface AxeViolationLine {
  rule: string;
  impact: string | null;
  help: string;
  targets: string[];
}

/** Runs axe and returns one line per violated rule (empty: none). */
export async function axeViolations(page: Page): Promise<AxeViolationLine[]> {
  const result = await new AxeBuilder({ page }).withTags(WCAG_AA_TAGS).analyze();
  return result.violations.map((v) => ({
    rule: v.id,
    impact: v.impact ?? null,
    help: v.help,
    targets: v.nodes.map((n) => `${n.target.join(' ')}${n.failureSummary ? ` — ${n.failureSummary.replace(/\s+/g, ' ').slice(0, 300)}` : ''}`),
  }));
}

export function formatViolations(label: string, violations: AxeViolationLine[]): string {
  const lines = [`axe: ${violations.length} WCAG A/AA rule(s) violated on "${label}"`];
  for (const v of violations) {
    lines.push(`- ${v.rule} (${v.impact ?? 'n/a'}): ${v.help}`);
    for (const t of v.targets.slice(0, 8)) lines.push(`    ${t}`);
    if (v.targets.length > 8) lines.push(`    … and ${v.targets.length - 8} more`);
  }
  return lines.join('\n');
}

/** Fails with every violation's rule, targets and help when axe finds any on the page. */
export async function expectNoAxeViolations(page: Page, label: string): Promise<void> {
  const violations = await axeViolations(page);
  if (violations.length > 0) {
    const report = formatViolations(label, violations);
    console.error(report);
    throw new Error(report);
  }
}
