import { execFileSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { beforeAll, describe, expect, it } from 'vitest';
import { docName, type CreateSessionResponse, type VersionMeta } from '@mediation/shared';
import { tokenOf, type TestServer } from '../helpers/server.js';
import { readDoc } from '../../server/src/agreement/model.js';
import { plainText, render } from '../../server/src/agreement/render.js';
import { useDocServer } from './yjs-helpers.js';
import { agreementApi, posOf } from './agreement-helpers.js';

/** The entries of a ZIP file (DOCX is one), inflated with node's zlib. */
function unzip(buf: Buffer): Map<string, Buffer> {
  const out = new Map<string, Buffer>();
  const eocd = buf.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  if (eocd < 0) throw new Error('not a zip file');
  const count = buf.readUInt16LE(eocd + 10);
  let p = buf.readUInt32LE(eocd + 16);
  for (let i = 0; i < count; i++) {
    const method = buf.readUInt16LE(p + 10);
    const size = buf.readUInt32LE(p + 20);
    const nameLen = buf.readUInt16LE(p + 28);
    const extraLen = buf.readUInt16LE(p + 30);
    const commentLen = buf.readUInt16LE(p + 32);
    const local = buf.readUInt32LE(p + 42);
    const name = buf.subarray(p + 46, p + 46 + nameLen).toString('utf8');
    const dataStart = local + 30 + buf.readUInt16LE(local + 26) + buf.readUInt16LE(local + 28);
    const raw = buf.subarray(dataStart, dataStart + size);
    out.set(name, method === 8 ? zlib.inflateRawSync(raw) : raw);
    p += 46 + nameLen + extraLen + commentLen;
  }
  return out;
}

const decode = (s: string) => s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&amp;/g, '&');

/** The visible text of word/document.xml, one line per paragraph. */
function docxText(xml: string): string {
  return [...xml.matchAll(/<w:p[ >][\s\S]*?<\/w:p>/g)]
    .map((m) => [...m[0].matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>|<w:tab\/>/g)].map((t) => (t[1] === undefined ? ' ' : decode(t[1]))).join(''))
    .join('\n');
}

/** Runs a poppler tool (pdftotext, pdfinfo) on a PDF and returns its output. */
function pdfTool(tool: 'pdftotext' | 'pdfinfo', pdf: Buffer): string {
  const file = path.join(os.tmpdir(), `agreement-${process.pid}-${Date.now()}.pdf`);
  fs.writeFileSync(file, pdf);
  try {
    const args = tool === 'pdftotext' ? ['-layout', '-enc', 'UTF-8', file, '-'] : ['-enc', 'UTF-8', file];
    return execFileSync(tool, args, { encoding: 'utf8' });
  } finally {
    fs.rmSync(file, { force: true });
  }
}

const pdfText = (pdf: Buffer): string => pdfTool('pdftotext', pdf);

/** Word sequence, ignoring layout (line breaks, table rules, column gaps). */
const words = (s: string) => s.replace(/\|/g, ' ').split(/\s+/).filter(Boolean);

const fx = useDocServer({ everyoneIn: 'joint' });
const { tok } = fx;
let app: TestServer, s: CreateSessionResponse;
let api: ReturnType<typeof agreementApi>;
let mediator: string;
const agreementText = async (annotate = false) => plainText(render(await app.ctx.docs!.read(docName(s.sessionId, 'agreement', 'joint'), readDoc), { annotate }));
let suggestionId: string;

beforeAll(async () => {
  ({ app, session: s } = fx);
  api = agreementApi(app, s.sessionId);
  mediator = tokenOf(s.mediator.link);
  await api.call('POST', '/template', mediator, {});
  // A pending suggestion and a comment thread, which clean exports must not contain.
  const at = await app.ctx.docs!.read(docName(s.sessionId, 'agreement', 'joint'), (d) => posOf(d, 'Release'));
  suggestionId = (await api.call<{ id: string }>('POST', '/suggestions', tok(0), { kind: 'insert', at, text: 'SECRETSUGGESTION ' })).body.id;
  await api.call('POST', '/threads', tok(1), { from: at + 'SECRETSUGGESTION '.length, to: at + 'SECRETSUGGESTION Release'.length, body: 'SECRETCOMMENT about release' });
});

describe('DOCX export', () => {
  it('opens as a DOCX whose text matches the version, with no comments, suggestions or names in metadata', async () => {
    const f = await api.download('/versions/current/export?format=docx', tok(0));
    expect(f.status).toBe(200);
    expect(f.type).toContain('officedocument.wordprocessingml');
    const zip = unzip(f.data);
    const xml = zip.get('word/document.xml')!.toString('utf8');
    expect(words(docxText(xml))).toEqual(words(await agreementText()));
    expect(xml).not.toContain('SECRETSUGGESTION');
    expect(xml).not.toContain('SECRETCOMMENT');
    expect(xml).not.toMatch(/<w:(ins|del|commentRangeStart|commentReference)\b/);
    expect([...zip.keys()].some((n) => /comments/i.test(n))).toBe(false);
    // Names appear only in the visible text, never in properties, settings or other parts.
    for (const [part, data] of zip) {
      if (part === 'word/document.xml') continue;
      const text = data.toString('utf8');
      for (const name of ['Ana Claimant', 'Ben Respondent', 'Maria Mediator', 'J. Lee', 'Olive Observer', 'SECRET']) expect(text, part).not.toContain(name);
    }
    expect(zip.get('word/settings.xml')!.toString('utf8')).not.toContain('trackRevisions');
  });

  it('includes suggestions and comments only when asked (annotated export)', async () => {
    const f = await api.download('/versions/current/export?format=docx&annotate=1', tok(0));
    const xml = unzip(f.data).get('word/document.xml')!.toString('utf8');
    expect(xml).toContain('SECRETSUGGESTION');
    expect(xml).toContain('SECRETCOMMENT about release');
  });
});

describe('PDF export', () => {
  it("has a text layer that matches the version, without comments or suggestions", async () => {
    const f = await api.download('/versions/current/export?format=pdf', tok(2));
    expect(f.status).toBe(200);
    expect(f.type).toBe('application/pdf');
    expect(f.data.subarray(0, 5).toString()).toBe('%PDF-');
    const text = pdfText(f.data);
    expect(words(text)).toEqual(words(await agreementText()));
    expect(text).not.toContain('SECRET');
    // The document information names no one.
    const info = pdfTool('pdfinfo', f.data);
    expect(info).toMatch(/Creator:\s+Mediation room/);
    for (const name of ['Ana Claimant', 'Ben Respondent', 'Maria Mediator', 'J. Lee']) expect(info).not.toContain(name);
  });
});

describe('export of a frozen version', () => {
  let frozen: VersionMeta;

  it('adds the sign-off page with the hash, the typed names and the audit trail', async () => {
    await api.call('POST', `/suggestions/${suggestionId}/reject`, mediator);
    frozen = (await api.call<VersionMeta>('POST', '/freeze', mediator, {})).body;
    await api.call('POST', '/sign', tok(0), { versionId: frozen.id, hash: frozen.hash, typedName: 'ANA CLAIMANT', confirm: true });
    await api.call('POST', '/sign', tok(2), { versionId: frozen.id, hash: frozen.hash, typedName: 'J. LEE', confirm: true });
    const body = await agreementText();

    const docx = unzip((await api.download(`/versions/${frozen.id}/export?format=docx`, mediator)).data).get('word/document.xml')!.toString('utf8');
    const dtext = docxText(docx);
    expect(words(dtext).slice(0, words(body).length)).toEqual(words(body));
    for (const needle of ['Sign-off', frozen.hash, 'ANA CLAIMANT', 'J. LEE', 'Audit trail', 'Froze version', 'Signed the agreement, typing the name "ANA CLAIMANT"']) expect(dtext).toContain(needle);
    expect(dtext).not.toContain('SECRET');

    const ptext = pdfText((await api.download(`/versions/${frozen.id}/export?format=pdf`, mediator)).data);
    expect(words(ptext).slice(0, words(body).length)).toEqual(words(body));
    for (const needle of ['Sign-off', frozen.hash, 'ANA CLAIMANT', 'J. LEE', 'Audit trail']) expect(ptext).toContain(needle);
  });

  it('says plainly who has not signed yet, with no developer words (event names, bare hashes in headings)', async () => {
    const ptext = pdfText((await api.download(`/versions/${frozen.id}/export?format=pdf`, mediator)).data);
    expect(ptext).toContain('Awaiting signatures from: Ben Respondent.');
    expect(ptext).not.toContain('frozen for signature.\n');
    expect(ptext).not.toMatch(/agreement\.(frozen|signed|version)|Status: frozen/);
    // The fingerprint is a detail line, named in words.
    expect(ptext).toMatch(/Document fingerprint \(SHA-256\) of this version:\s+[0-9a-f]{64}/);
  });

  it('prints each signer with invited name, side, role and a stable participant reference', async () => {
    const ptext = pdfText((await api.download(`/versions/${frozen.id}/export?format=pdf`, mediator)).data);
    const ref = (i: number) => `P-${crypto.createHash('sha256').update(s.invites[i]!.participantId).digest('hex').slice(0, 8).toUpperCase()}`;
    for (const needle of ['Ana Claimant', 'Party, Claimant side', `Ref. ${ref(0)}`, 'J. Lee', `Ref. ${ref(2)}`]) expect(ptext).toContain(needle);
    const dtext = docxText(unzip((await api.download(`/versions/${frozen.id}/export?format=docx`, mediator)).data).get('word/document.xml')!.toString('utf8'));
    for (const needle of ['Ana Claimant', 'Party, Claimant side', `Ref. ${ref(0)}`, 'J. Lee', 'Attorney / advisor, Claimant side', `Ref. ${ref(2)}`]) expect(dtext).toContain(needle);
    const st = await api.state(mediator);
    expect(st.signers.find((x) => x.participantId === s.invites[0]!.participantId)?.reference).toBe(ref(0));
  });

  it('once every party has signed, both the frozen version and the current export say "Signed by all required signers on <date>"', async () => {
    // Before: the current export carries the sign-off page too, since the current text is the frozen version.
    const before = pdfText((await api.download('/versions/current/export?format=pdf', mediator)).data);
    expect(before).toContain('Awaiting signatures from: Ben Respondent.');
    await api.call('POST', '/sign', tok(1), { versionId: frozen.id, hash: frozen.hash, typedName: 'Ben Respondent', confirm: true });
    const today = new Date().toISOString().slice(0, 10);
    for (const path of [`/versions/${frozen.id}/export?format=pdf`, '/versions/current/export?format=pdf']) {
      const ptext = pdfText((await api.download(path, tok(1))).data);
      expect(ptext).toContain(`Signed by all required signers on ${today}.`);
      expect(ptext).not.toContain('Awaiting');
      for (const needle of ['ANA CLAIMANT', 'Ben Respondent', 'J. LEE', frozen.hash]) expect(ptext).toContain(needle);
    }
    const dtext = docxText(unzip((await api.download('/versions/current/export?format=docx', tok(0))).data).get('word/document.xml')!.toString('utf8'));
    expect(dtext).toContain(`Signed by all required signers on ${today}.`);
    expect(dtext).toContain('Every required signer has signed the agreement.');
  });

  it('refuses an unknown version and a bad format', async () => {
    expect((await api.download('/versions/nosuchversion/export?format=pdf', mediator)).status).toBe(404);
    expect((await api.download(`/versions/${frozen.id}/export?format=exe`, mediator)).status).toBe(400);
  });
});
