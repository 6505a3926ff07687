/**
 * Which node serves this page's session (server/src/cluster/README.md). Every node answers
 * `GET /api/route` with the owner's path prefix (`/n/n2`; '' from an embedded server); socket.io
 * and the Yjs providers connect under it. On a "moved" refusal or a lost connection the page asks
 * again, so after a node dies or drains everything reconnects to the session's new owner.
 */
import { ROUTE_PATH, routeResponseSchema } from '@mediation/shared';
import { request } from '../lib/http';

let prefix = '';
let pending: Promise<string> | null = null;
const listeners = new Set<(prefix: string) => void>();

/** The prefix last answered ('' until then, which is right for an embedded server). */
export const currentPrefix = (): string => prefix;

/** Asks the route (one request at a time; callers share it). Keeps the last prefix on failure. */
export function refreshRoute(token: string): Promise<string> {
  pending ??= request(`${ROUTE_PATH}?token=${encodeURIComponent(token)}`, routeResponseSchema, { bearer: null })
    .then((r) => {
      if (r.ok && r.data.prefix !== prefix) {
        prefix = r.data.prefix;
        for (const fn of [...listeners]) fn(prefix);
      }
      return prefix;
    })
    .finally(() => {
      pending = null;
    });
  return pending;
}

export function onRouteChange(fn: (prefix: string) => void): () => void {
  listeners.add(fn);
  return () => listeners.delete(fn);
}

export function yjsBaseUrl(p = prefix): string {
  const proto = location.protocol === 'https:' ? 'wss:' : 'ws:';
  return `${proto}//${location.host}${p}/yjs`;
}

/** What `followRoute` needs of a y-websocket provider (`serverUrl` is read at every connect). */
export interface RoutedProvider {
  serverUrl: string;
  wsconnected: boolean;
  shouldConnect: boolean;
  connect(): void;
  disconnect(): void;
  on(e: 'connection-close', f: (e: CloseEvent | null) => void): void;
  on(e: 'connection-error', f: (e: Event) => void): void;
}

/** Keeps a Yjs provider on the session's current node: every close or error asks the route
 * again; a new prefix retargets the provider and, if it is down, reconnects it at once. */
export function followRoute(provider: RoutedProvider, token: string): () => void {
  const off = onRouteChange((p) => {
    provider.serverUrl = yjsBaseUrl(p);
    if (!provider.wsconnected && provider.shouldConnect) {
      provider.disconnect();
      provider.connect();
    }
  });
  const ask = () => void refreshRoute(token);
  provider.on('connection-close', ask);
  provider.on('connection-error', ask);
  return off;
}
