/**
 * `draft`: 10 editors (attorneys, stock y-websocket clients in this process) type concurrently
 * into a 20-page agreement on the real server. Sample = keystroke → visible at the LAST of the
 * other 9 editors (their replica has the writer's update), measured with performance.now().
 * Each editor types one character every TYPE_GAP_MS at a random place in a text run, the way the
 * editor's Yjs binding inserts into a Y.XmlText. Then the export time of the same agreement to
 * DOCX and PDF over HTTP (median of EXPORT_RUNS), and the PDF's page count.
 *
 * Room membership comes from a test directory (everyone in the joint room), as in the Yjs
 * integration tests: the benchmark measures drafting, not joining.
 */
import { performance } from 'node:perf_hooks';
import * as Y from 'yjs';
import { docName, JOINT } from '@mediation/shared';
import { createTestSession, startTestServer, stopTestServer, tokenOf, type TestServer } from '../helpers/server.js';
import { connect, synced, TestSpaces, type Client } from '../integration/yjs-helpers.js';
import { agreementApi } from '../integration/agreement-helpers.js';
import { fragmentOf, toYNodes, type PMNode } from '../../server/src/agreement/model.js';
import { walk } from '../../server/src/agreement/positions.js';
import { summarize, writeResult, round } from './stats.js';

process.env.MEDIASOUP_WORKER_BIN ??= '/usr/lib/x86_64-linux-gnu/mediasoup/mediasoup-worker';

const EDITORS = 10;
const KEYSTROKES_PER_EDITOR = Number(process.env.DRAFT_KEYSTROKES ?? 40);
const TYPE_GAP_MS = 100;
const EXPORT_RUNS = 5;
/** About 20 A4 pages with the template: 150 clauses of ~60 words, each with two sub-clauses. */
const CLAUSES = 150;

const settle = (ms: number) => new Promise((r) => setTimeout(r, ms));
const LOREM = 'The parties agree that the obligations set out in this clause are to be performed in good faith, within the time limits stated, and that any notice under this clause must be given in writing to the other party at the address stated in the schedule, with a copy to their attorney.';

function longClauses(): PMNode[] {
  const p = (t: string): PMNode => ({ type: 'paragraph', content: [{ type: 'text', text: t }] });
  return [
    { type: 'heading', attrs: { level: 2 }, content: [{ type: 'text', text: 'Detailed terms' }] },
    { type: 'orderedList', attrs: { start: 1 }, content: Array.from({ length: CLAUSES }, (_, i) => ({
      type: 'listItem',
      content: [p(`Clause ${i + 1}. ${LOREM}`), { type: 'orderedList', attrs: { start: 1 }, content: [{ type: 'listItem', content: [p(`Sub-clause ${i + 1}.1 applies.`)] }, { type: 'listItem', content: [p(`Sub-clause ${i + 1}.2 applies.`)] }] }],
    })) },
  ];
}

function textRuns(doc: Y.Doc): Y.XmlText[] {
  const out: Y.XmlText[] = [];
  walk(fragmentOf(doc), 0, { text: ({ text }) => void out.push(text) });
  return out;
}

export default async function draftBench(): Promise<void> {
  let app: TestServer | undefined;
  const clients: Client[] = [];
  try {
    app = await startTestServer();
    const s = await createTestSession(app, {
      invites: [
        { displayName: 'Ana Claimant', role: 'party', side: 'Claimant' },
        { displayName: 'Ben Respondent', role: 'party', side: 'Respondent' },
        ...Array.from({ length: EDITORS }, (_, i) => ({ displayName: `Attorney ${i + 1}`, role: 'attorney' as const, side: i % 2 ? 'Respondent' : 'Claimant' })),
      ],
    });
    const spaces = new TestSpaces();
    spaces.install(app);
    spaces.place(s.sessionId, s.mediator.participantId, JOINT);
    for (const inv of s.invites) spaces.place(s.sessionId, inv.participantId, JOINT);
    const api = agreementApi(app, s.sessionId);
    const mediator = tokenOf(s.mediator.link);
    await api.call('POST', '/template', mediator, {});
    const name = docName(s.sessionId, 'agreement', JOINT);
    // Grow it to ~20 pages before the signature page.
    await app.ctx.docs!.change(name, 'bench', (d) => {
      const frag = fragmentOf(d);
      frag.insert(frag.length - 2, toYNodes(longClauses()));
    });

    const editors = s.invites.filter((i) => i.role === 'attorney');
    for (const e of editors) clients.push(connect(app, name, tokenOf(e.link)));
    await Promise.all(clients.map((c) => synced(c, 30_000)));

    const samples: number[] = [];
    const perPeer: number[] = [];
    let pending = 0;
    /** Call right after the writer's keystroke: waits until every other editor has it. */
    const measure = (writer: Client, t0: number) => {
      const target = Y.getState(writer.doc.store, writer.doc.clientID);
      const others = clients.filter((c) => c !== writer);
      pending++;
      return new Promise<void>((resolve) => {
        let left = others.length;
        for (const o of others) {
          const check = () => {
            if (Y.getState(o.doc.store, writer.doc.clientID) < target) return false;
            perPeer.push(performance.now() - t0);
            if (--left === 0) { samples.push(performance.now() - t0); pending--; resolve(); }
            return true;
          };
          if (check()) continue;
          const onUpdate = () => { if (check()) o.doc.off('update', onUpdate); };
          o.doc.on('update', onUpdate);
        }
      });
    };

    const waits: Promise<void>[] = [];
    await Promise.all(clients.map(async (c, idx) => {
      await settle((idx * TYPE_GAP_MS) / EDITORS); // stagger so keystrokes interleave
      // Typing into existing text runs never replaces them, so find them once (walking 20 pages
      // per keystroke would be harness time on the shared event loop, not the app's).
      const runs = textRuns(c.doc);
      for (let k = 0; k < KEYSTROKES_PER_EDITOR; k++) {
        const run = runs[Math.floor(Math.random() * runs.length)]!;
        const t0 = performance.now();
        run.insert(Math.floor(Math.random() * (run.length + 1)), String.fromCharCode(97 + (k % 26)));
        waits.push(measure(c, t0));
        await settle(TYPE_GAP_MS);
      }
    }));
    await Promise.race([Promise.all(waits), settle(30_000)]);
    if (pending > 0) throw new Error(`${pending} keystrokes never reached every editor`);

    // All replicas converged on the same content.
    const first = Buffer.from(Y.encodeStateVector(clients[0]!.doc)).toString('base64');
    const converged = clients.every((c) => Buffer.from(Y.encodeStateVector(c.doc)).toString('base64') === first);

    const docxMs: number[] = [];
    const pdfMs: number[] = [];
    let pages = 0;
    let docxBytes = 0;
    for (let i = 0; i < EXPORT_RUNS; i++) {
      let t0 = performance.now();
      const d = await api.download('/versions/current/export?format=docx', mediator);
      docxMs.push(performance.now() - t0);
      docxBytes = d.data.length;
      t0 = performance.now();
      const p = await api.download('/versions/current/export?format=pdf', mediator);
      pdfMs.push(performance.now() - t0);
      pages = (p.data.toString('latin1').match(/\/Type \/Page\b/g) ?? []).length;
    }

    writeResult('draft', {
      unit: 'ms',
      samples,
      editors: EDITORS,
      keystrokes: samples.length,
      per_peer_median: summarize(perPeer).median,
      per_peer_p95: summarize(perPeer).p95,
      converged,
      pages,
      export_docx_ms: round(summarize(docxMs).median),
      export_pdf_ms: round(summarize(pdfMs).median),
      export_docx_samples: docxMs.map((x) => round(x)),
      export_pdf_samples: pdfMs.map((x) => round(x)),
      docx_bytes: docxBytes,
      target_p95_ms: 50,
    });
  } finally {
    for (const c of clients) c.destroy();
    await stopTestServer(app);
  }
}
