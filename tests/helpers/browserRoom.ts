/**
 * The set-up every end-to-end describe block shares: one real server, one session (unless the
 * block makes its own), one Chromium. People (browser contexts) and socket.io clients opened
 * through the fixture are closed after the block, then the browser, then the server. A failing
 * step run through `withErrors` carries every person's console errors in its message.
 */
import { afterAll, beforeAll } from 'vitest';
import type { Browser } from 'playwright-core';
import type { CreateSessionBody, CreateSessionResponse } from '@mediation/shared';
import { createTestSession, startTestServer, stopTestServer, tokenOf, type TestServer } from './server.js';
import { connectClient, must, type TestClient } from './socketClient.js';
import { assertClientBuilt, closePerson, errorReport, joinByLink, launchBrowser, newPerson, type Person } from './browser.js';

export interface BrowserRoom {
  readonly app: TestServer;
  readonly browser: Browser;
  /** The block's session (created before the block's own hooks run). */
  readonly session: CreateSessionResponse;
  /** A new person at their own browser context; joins by `link` when one is given. */
  person(name: string, link?: string): Promise<Person>;
  /** A socket.io client holding `link`'s token, joined to the session (a mediator's or
   * co-mediator's control tower without a browser). */
  control(link: string): Promise<TestClient>;
  /** Every person opened so far (for error reports). */
  readonly people: readonly Person[];
  /** Runs a step; when it fails, the error says what every person's page logged as an error. */
  withErrors<T>(fn: () => Promise<T>): Promise<T>;
}

export interface BrowserRoomOptions {
  /** What to create the session with (title, invites, settings); `false` for no session. */
  session?: Partial<CreateSessionBody> | false;
}

export function useBrowserRoom(opts: BrowserRoomOptions = {}): BrowserRoom {
  let app: TestServer | undefined;
  let browser: Browser | undefined;
  let session: CreateSessionResponse | undefined;
  const people: Person[] = [];
  const controls: TestClient[] = [];
  const ready = <T>(v: T | undefined, what: string): T => {
    if (v === undefined) throw new Error(`${what} is only available inside tests and hooks`);
    return v;
  };

  beforeAll(async () => {
    assertClientBuilt();
    app = await startTestServer();
    if (opts.session !== false) session = await createTestSession(app, opts.session ?? {});
    browser = await launchBrowser();
  });

  afterAll(async () => {
    for (const c of controls.splice(0)) c.close();
    for (const p of people.splice(0)) await closePerson(p);
    await browser?.close().catch(() => undefined);
    await stopTestServer(app);
  });

  const room: BrowserRoom = {
    get app() { return ready(app, 'the test server'); },
    get browser() { return ready(browser, 'the browser'); },
    get session() { return ready(session, 'the session (made with `session: false`?)'); },
    people,
    async person(name, link) {
      const p = await newPerson(room.browser, name, room.app.url);
      people.push(p);
      if (link !== undefined) await joinByLink(p.page, link);
      return p;
    },
    async control(link) {
      const c = await connectClient(room.app.url, tokenOf(link));
      controls.push(c);
      must(await c.request('session:join', {}));
      return c;
    },
    async withErrors(fn) {
      try {
        return await fn();
      } catch (err) {
        throw new Error(`${(err as Error).message}\n${errorReport(people)}`);
      }
    },
  };
  return room;
}
