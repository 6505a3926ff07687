/** The y-websocket wire format: a varuint message type, then a y-protocols payload. */
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import * as awarenessProtocol from 'y-protocols/awareness';
import * as syncProtocol from 'y-protocols/sync';
import type * as Y from 'yjs';

export const MessageType = { SYNC: 0, AWARENESS: 1, AUTH: 2, QUERY_AWARENESS: 3 } as const;
export const SyncStep = { STEP1: syncProtocol.messageYjsSyncStep1, STEP2: syncProtocol.messageYjsSyncStep2, UPDATE: syncProtocol.messageYjsUpdate } as const;

/** One outgoing message: its type, then what `write` puts after it. */
function message(type: number, write: (e: encoding.Encoder) => void): Uint8Array {
  const e = encoding.createEncoder();
  encoding.writeVarUint(e, type);
  write(e);
  return encoding.toUint8Array(e);
}

export const syncStep1Message = (doc: Y.Doc): Uint8Array => message(MessageType.SYNC, (e) => syncProtocol.writeSyncStep1(e, doc));

export const syncStep2Message = (doc: Y.Doc, stateVector: Uint8Array): Uint8Array =>
  message(MessageType.SYNC, (e) => syncProtocol.writeSyncStep2(e, doc, stateVector));

export const updateMessage = (update: Uint8Array): Uint8Array => message(MessageType.SYNC, (e) => syncProtocol.writeUpdate(e, update));

export const rawAwarenessMessage = (update: Uint8Array): Uint8Array => message(MessageType.AWARENESS, (e) => encoding.writeVarUint8Array(e, update));

export const awarenessMessage = (awareness: awarenessProtocol.Awareness, clients: number[]): Uint8Array =>
  rawAwarenessMessage(awarenessProtocol.encodeAwarenessUpdate(awareness, clients));

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
