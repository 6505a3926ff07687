/**
 * Routing in a cluster (server/src/cluster/README.md): every node answers `GET /api/route?token=…`
 * with the path prefix of the node that hosts the link's session; the page then opens socket.io at
 * `<prefix>/socket.io` and Yjs at `<prefix>/yjs/…`. An embedded (single) server answers prefix ''.
 */
import { z } from 'zod';

export const ROUTE_PATH = '/api/route';

/** `/n/<node id>` (letters, digits, `-`, `_`), or '' for "this server" (embedded). */
export const nodePrefixSchema = z.string().regex(/^(\/n\/[A-Za-z0-9_-]{1,32})?$/);

export const routeResponseSchema = z
  .object({
    prefix: nodePrefixSchema,
    /** The node id ('' when embedded); for logs and tests. */
    node: z.string().max(32),
    /** The owner's lease epoch (0 when embedded). */
    epoch: z.number().int().min(0),
  })
  .strict();
export type RouteResponse = z.infer<typeof routeResponseSchema>;
