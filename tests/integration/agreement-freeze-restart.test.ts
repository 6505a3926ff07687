/**
 * The freeze is kept by the agreement store and read back after a restart; the frozen guard decides
 * inside a Yjs apply, which cannot wait for storage. An edit that reaches a restarted server while
 * the agreement is still being loaded, and is applied before its freeze has been read (slow storage),
 * must be undone like any other.
 */
import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { docName } from '@mediation/shared';
import { createTestSession, startTestServer, stopTestServer, tokenOf, type TestServer } from '../helpers/server.js';
import { agreedText, agreementApi, posOf, typeAt } from './agreement-helpers.js';
import { rawSocket, TestSpaces, updateFrame, waitFor } from './yjs-helpers.js';

let app: TestServer | undefined;
afterEach(async () => {
  await stopTestServer(app);
  app = undefined;
});

describe('a frozen agreement after a restart', () => {
  it('undoes an edit that arrives while the agreement is loading, the text unchanged', async () => {
    app = await startTestServer();
    const s = await createTestSession(app);
    const mediator = tokenOf(s.mediator.link);
    new TestSpaces().install(app).place(s.sessionId, s.mediator.participantId, 'joint');
    const api = agreementApi(app, s.sessionId);
    expect((await api.call('POST', '/template', mediator, {})).status).toBe(200);
    expect((await api.call('POST', '/freeze', mediator, {})).status).toBe(201);
    const name = docName(s.sessionId, 'agreement', 'joint');
    const state = await app.ctx.docs.read(name, (d) => Y.encodeStateAsUpdate(d));
    const frozenText = await app.ctx.docs.read(name, agreedText);

    // What an editor that kept the page open would send: a keystroke into the frozen text.
    const editor = new Y.Doc();
    Y.applyUpdate(editor, state);
    let keystroke: Uint8Array | null = null;
    editor.on('update', (u: Uint8Array) => void (keystroke = u));
    typeAt(editor, posOf(editor, 'agree'), 'NOT ');
    expect(keystroke).not.toBeNull();

    const dataDir = app.dataDir;
    await stopTestServer(app, { keepData: true });
    app = await startTestServer({ dataDir });
    // Placed without announcing a move, so nothing reads the freeze before the document loads.
    const spaces = new TestSpaces();
    app.ctx.spaces = spaces;
    spaces.place(s.sessionId, s.mediator.participantId, 'joint');
    // A slow load: the keystroke arrives while the document is loading and is handled right after.
    const documents = app.ctx.stores.documents;
    const load = documents.load.bind(documents);
    documents.load = async (doc) => {
      await new Promise((r) => setTimeout(r, 150));
      return load(doc);
    };
    // And a slow freeze read, as over a network: the document is ready before its freeze is known.
    const agreement = app.ctx.stores.agreement;
    const getFreeze = agreement.getFreeze.bind(agreement);
    agreement.getFreeze = async (sessionId) => {
      await new Promise((r) => setTimeout(r, 100));
      return getFreeze(sessionId);
    };
    const { ws } = await rawSocket(app, name, mediator);
    ws.send(updateFrame(keystroke!));
    await waitFor(() => (app!.ctx.docs as unknown as { docs: Map<string, unknown> }).docs.has(name), 5000, 'the agreement to load');
    await new Promise((r) => setTimeout(r, 200));
    ws.close();
    expect(await app.ctx.docs.read(name, agreedText)).toBe(frozenText);
    expect((await agreementApi(app, s.sessionId).state(mediator)).frozen).not.toBeNull();
  });
});
