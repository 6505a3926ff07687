/** The y-websocket wire format: a varuint message type, then a y-protocols payload. */
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import * as awarenessProtocol from 'y-protocols/awareness';
import * as syncProtocol from 'y-protocols/sync';
import type * as Y from 'yjs';

export const MessageType = { SYNC: 0, AWARENESS: 1, AUTH: 2, QUERY_AWARENESS: 3 } as const;
export const SyncStep = { STEP1: syncProtocol.messageYjsSyncStep1, STEP2: syncProtocol.messageYjsSyncStep2, UPDATE: syncProtocol.messageYjsUpdate } as const;

export function syncStep1Message(doc: Y.Doc): Uint8Array {
  const e = encoding.createEncoder();
  encoding.writeVarUint(e, MessageType.SYNC);
  syncProtocol.writeSyncStep1(e, doc);
  return encoding.toUint8Array(e);
}

export function syncStep2Message(doc: Y.Doc, stateVector: Uint8Array): Uint8Array {
  const e = encoding.createEncoder();
  encoding.writeVarUint(e, MessageType.SYNC);
  syncProtocol.writeSyncStep2(e, doc, stateVector);
  return encoding.toUint8Array(e);
}

export function updateMessage(update: Uint8Array): Uint8Array {
  const e = encoding.createEncoder();
  encoding.writeVarUint(e, MessageType.SYNC);
  syncProtocol.writeUpdate(e, update);
  return encoding.toUint8Array(e);
}

export function awarenessMessage(awareness: awarenessProtocol.Awareness, clients: number[]): Uint8Array {
  const e = encoding.createEncoder();
  encoding.writeVarUint(e, MessageType.AWARENESS);
  encoding.writeVarUint8Array(e, awarenessProtocol.encodeAwarenessUpdate(awareness, clients));
  return encoding.toUint8Array(e);
}

export function rawAwarenessMessage(update: Uint8Array): Uint8Array {
  const e = encoding.createEncoder();
  encoding.writeVarUint(e, MessageType.AWARENESS);
  encoding.writeVarUint8Array(e, update);
  return encoding.toUint8Array(e);
}

/** A decoded incoming message; anything malformed throws and closes the connection. */
export type Incoming =
  | { type: 'step1'; stateVector: Uint8Array }
  | { type: 'update'; update: Uint8Array; step: 'step2' | 'update' }
  | { type: 'awareness'; update: Uint8Array }
  | { type: 'queryAwareness' }
  | { type: 'ignored' };

export function decodeIncoming(data: Uint8Array): Incoming {
  const d = decoding.createDecoder(data);
  const type = decoding.readVarUint(d);
  switch (type) {
    case MessageType.SYNC: {
      const step = decoding.readVarUint(d);
      const payload = decoding.readVarUint8Array(d);
      if (step === SyncStep.STEP1) return { type: 'step1', stateVector: payload };
      if (step === SyncStep.STEP2) return { type: 'update', update: payload, step: 'step2' };
      if (step === SyncStep.UPDATE) return { type: 'update', update: payload, step: 'update' };
      throw new Error(`unknown sync step ${step}`);
    }
    case MessageType.AWARENESS:
      return { type: 'awareness', update: decoding.readVarUint8Array(d) };
    case MessageType.QUERY_AWARENESS:
      return { type: 'queryAwareness' };
    case MessageType.AUTH:
      // Authentication happens on the upgrade request; the auth sub-protocol is not used.
      return { type: 'ignored' };
    default:
      throw new Error(`unknown message type ${type}`);
  }
}
