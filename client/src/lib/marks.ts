/** Named performance marks for the join path, readable with
 * `performance.getEntriesByType('mark')` when diagnosing a slow join. First occurrence only. */
const seen = new Set<string>();
export function mark(name: string): void {
  if (seen.has(name)) return;
  seen.add(name);
  try {
    performance.mark(`mediation:${name}`);
  } catch {
    // Marks are diagnostics only.
  }
}
