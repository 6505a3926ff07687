/**
 * Awareness identity is the server's word, not the client's: every awareness state a connection
 * sends gets its `user` field replaced with who the token says they are. A connection may only
 * speak for awareness client ids it introduced itself.
 */
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import type { Role, Side } from '@mediation/shared';

export interface AwarenessUser {
  participantId: string;
  name: string;
  role: Role;
  side: Side;
  colour: string;
}

export interface AwarenessEntry {
  clientId: number;
  clock: number;
  state: Record<string, unknown> | null;
}

/** A client went past an awareness bound (ids, state size, states per document). */
export class AwarenessLimitError extends Error {}

export function decodeAwarenessUpdate(update: Uint8Array, maxStateBytes = Infinity): AwarenessEntry[] {
  const d = decoding.createDecoder(update);
  const n = decoding.readVarUint(d);
  const entries: AwarenessEntry[] = [];
  for (let i = 0; i < n; i++) {
    const clientId = decoding.readVarUint(d);
    const clock = decoding.readVarUint(d);
    const json = decoding.readVarString(d);
    // Checked before parsing: a huge state is refused without building it.
    if (json.length > maxStateBytes || Buffer.byteLength(json) > maxStateBytes) throw new AwarenessLimitError(`awareness state larger than ${maxStateBytes} bytes`);
    const parsed: unknown = JSON.parse(json);
    const state = parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : null;
    entries.push({ clientId, clock, state });
  }
  return entries;
}

export function encodeAwarenessUpdate(entries: AwarenessEntry[]): Uint8Array {
  const e = encoding.createEncoder();
  encoding.writeVarUint(e, entries.length);
  for (const { clientId, clock, state } of entries) {
    encoding.writeVarUint(e, clientId);
    encoding.writeVarUint(e, clock);
    encoding.writeVarString(e, JSON.stringify(state));
  }
  return encoding.toUint8Array(e);
}

/** Bounds on what one connection may announce (all optional for callers that only stamp). */
export interface AwarenessBounds {
  /** Client ids one connection may speak for. */
  maxIds: number;
  maxStateBytes: number;
  /** The clock the document last saw for an id (even a removed one), if any. */
  knownClock: (clientId: number) => number | undefined;
  /** Whether the document can hold one more awareness state. */
  roomForOne: () => boolean;
}

/**
 * Keeps only entries for client ids this connection owns (claiming new ids not owned elsewhere)
 * and stamps the server's identity on every non-null state.
 *
 * The stock provider echoes every awareness change it receives, other people's included, so an
 * entry for an id this connection does not own is usually an echo: it is dropped, and it never
 * claims the id. Only a non-null state newer than anything the document saw for that id (a new
 * window, or its owner back after a reconnect) claims it, within `maxIds`. Going past a bound
 * throws `AwarenessLimitError`.
 */
export function stampIdentity(
  update: Uint8Array,
  user: AwarenessUser,
  owns: Set<number>,
  ownedElsewhere: (clientId: number) => boolean,
  bounds?: AwarenessBounds,
): { update: Uint8Array; clientIds: number[] } | null {
  const kept: AwarenessEntry[] = [];
  for (const entry of decodeAwarenessUpdate(update, bounds?.maxStateBytes)) {
    if (!owns.has(entry.clientId)) {
      if (ownedElsewhere(entry.clientId)) continue;
      if (bounds) {
        if (entry.state === null) continue;
        const known = bounds.knownClock(entry.clientId);
        if (known !== undefined && entry.clock <= known) continue;
        if (owns.size >= bounds.maxIds) throw new AwarenessLimitError(`a connection speaks for at most ${bounds.maxIds} awareness ids`);
        if (!bounds.roomForOne()) throw new AwarenessLimitError('this document holds as many awareness states as it may');
      }
      owns.add(entry.clientId);
    }
    kept.push(entry.state === null ? entry : { ...entry, state: { ...entry.state, user } });
  }
  if (kept.length === 0) return null;
  return { update: encodeAwarenessUpdate(kept), clientIds: kept.map((k) => k.clientId) };
}
