/**
 * The per-file fixture most signalling tests share: one real server for the file, and every
 * socket.io client opened through it closed after each test.
 */
import { afterAll, afterEach, beforeAll } from 'vitest';
import type { Config } from '@mediation/server/config';
import { startTestServer, stopTestServer, tokenOf, type TestServer } from './server.js';
import { connectClient, type TestClient } from './socketClient.js';

export interface RoomFixture {
  /** The file's server (valid inside tests and hooks). */
  readonly app: TestServer;
  /** Connects with a raw token (to `server`, default the file's), closed after the test. */
  connect(token: string, server?: TestServer): Promise<TestClient>;
  /** Connects with an invite link's token. */
  open(link: string): Promise<TestClient>;
  /** Closes `client` after the test too (for one connected some other way). */
  track(client: TestClient): TestClient;
  /** Closes every client opened so far now (for a test that stops a server of its own). */
  closeAll(): void;
}

export function useRoomServer(overrides: Partial<Config> = {}): RoomFixture {
  let app: TestServer | undefined;
  const clients: TestClient[] = [];
  beforeAll(async () => {
    app = await startTestServer(overrides);
  });
  afterEach(() => fixture.closeAll());
  afterAll(async () => {
    await stopTestServer(app);
  });
  const fixture: RoomFixture = {
    get app() {
      if (!app) throw new Error('the test server is only available inside tests and hooks');
      return app;
    },
    connect: async (token, server) => fixture.track(await connectClient((server ?? fixture.app).url, token)),
    open: (link) => fixture.connect(tokenOf(link)),
    track(client) {
      clients.push(client);
      return client;
    },
    closeAll() {
      for (const c of clients.splice(0)) c.close();
    },
  };
  return fixture;
}
