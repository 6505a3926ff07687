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

export function decodeAwarenessUpdate(update: Uint8Array): AwarenessEntry[] {
  const d = decoding.createDecoder(update);
  const n = decoding.readVarUint(d);
  const entries: AwarenessEntry[] = [];
  for (let i = 0; i < n; i++) {
    const clientId = decoding.readVarUint(d);
    const clock = decoding.readVarUint(d);
    const parsed: unknown = JSON.parse(decoding.readVarString(d));
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

/**
 * Keeps only entries for client ids this connection owns (claiming new ids not owned elsewhere)
 * and stamps the server's identity on every non-null state.
 */
export function stampIdentity(
  update: Uint8Array,
  user: AwarenessUser,
  owns: Set<number>,
  ownedElsewhere: (clientId: number) => boolean,
): { update: Uint8Array; clientIds: number[] } | null {
  const kept: AwarenessEntry[] = [];
  for (const entry of decodeAwarenessUpdate(update)) {
    if (!owns.has(entry.clientId)) {
      if (ownedElsewhere(entry.clientId)) continue;
      owns.add(entry.clientId);
    }
    kept.push(entry.state === null ? entry : { ...entry, state: { ...entry.state, user } });
  }
  if (kept.length === 0) return null;
  return { update: encodeAwarenessUpdate(kept), clientIds: kept.map((k) => k.clientId) };
}
