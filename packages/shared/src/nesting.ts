/**
 * A bound on how deeply nested and how large a decoded message may be, checked iteratively BEFORE
 * anything recursive touches it (JSON.stringify, structuredClone, zod, mediasoup's own checks):
 * those recurse once per level, so a 2,000-deep object overflows the stack and the request fails
 * as INTERNAL. No message this app defines is more than a handful of levels deep (RTP
 * capabilities, the deepest, are 5), so 32 leaves plenty of room.
 */
export const INPUT_BOUNDS = {
  maxDepth: 32,
  /** Objects and arrays in one message (64 KB of socket payload cannot honestly hold more). */
  maxContainers: 20_000,
} as const;

/** Why a decoded JSON-like value is too deep or too large, or null when it is within bounds. */
export function nestingProblem(value: unknown, bounds: { maxDepth: number; maxContainers: number } = INPUT_BOUNDS): string | null {
  const stack: Array<{ v: object; depth: number }> = [];
  const push = (v: unknown, depth: number) => {
    // Binary attachments are leaves: their bytes are data, not structure.
    if (v !== null && typeof v === 'object' && !ArrayBuffer.isView(v) && !(v instanceof ArrayBuffer)) stack.push({ v, depth });
  };
  push(value, 1);
  let containers = 0;
  while (stack.length > 0) {
    const { v, depth } = stack.pop()!;
    if (depth > bounds.maxDepth) return `nested more than ${bounds.maxDepth} levels deep`;
    if (++containers > bounds.maxContainers) return `more than ${bounds.maxContainers} objects and arrays`;
    if (Array.isArray(v)) for (const child of v) push(child, depth + 1);
    else for (const key in v) if (Object.hasOwn(v, key)) push((v as Record<string, unknown>)[key], depth + 1);
  }
  return null;
}
