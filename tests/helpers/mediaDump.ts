/** Reads the truth from the mediasoup worker itself (router dumps), not from our own bookkeeping. */
import { signallingOf } from '../../server/src/signalling/attach.js';
import type { RunningApp } from '@mediation/server/app';

export function roomOf(app: RunningApp, sessionId: string) {
  const room = signallingOf(app.ctx)?.registry.get(sessionId);
  if (!room) throw new Error(`no live room for ${sessionId}`);
  return room;
}

interface RouterDump {
  transportIds: string[];
  mapProducerIdConsumerIds: Record<string, string[]> | Array<{ key: string; values: string[] }>;
}

/** producer id → consumer ids, as the worker reports them. */
export async function consumersByProducer(app: RunningApp, sessionId: string): Promise<Map<string, string[]>> {
  const dump = (await roomOf(app, sessionId).deps.sfu.router.dump()) as RouterDump;
  const map = dump.mapProducerIdConsumerIds;
  const entries = Array.isArray(map) ? map.map((e) => [e.key, e.values] as const) : Object.entries(map);
  return new Map(entries.map(([k, v]) => [k, [...v]]));
}

export async function routerConsumerIds(app: RunningApp, sessionId: string): Promise<string[]> {
  return [...(await consumersByProducer(app, sessionId)).values()].flat();
}

export async function routerTransportIds(app: RunningApp, sessionId: string): Promise<string[]> {
  return ((await roomOf(app, sessionId).deps.sfu.router.dump()) as RouterDump).transportIds;
}
