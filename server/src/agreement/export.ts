/** Export of a version: the agreed text (clean by default), plus the sign-off page and audit trail
 * when the version was frozen for signature, plus suggestions and comments only when asked. */
import { describeAudit, isRequiredSigner, type VersionMeta } from '@mediation/shared';
import type { AppContext, EmailAttachment } from '../contracts.js';
import { blocksToDocx } from './docx.js';
import type { PMNode } from './model.js';
import { blocksToPdf } from './pdf.js';
import { contentHash, render, type Block, type Run } from './render.js';
import { participantReference, type AgreementService } from './service.js';

export interface ExportedFile {
  contentType: string;
  filename: string;
  data: Buffer;
}

const t = (text: string, extra: Partial<Run> = {}): Run[] => [{ text, ...extra }];
const para = (text: string): Block => ({ kind: 'paragraph', runs: t(text), label: '', depth: 0 });
const iso = (ms: number) => new Date(ms).toISOString().replace('T', ' ').replace(/\.\d+Z$/, ' UTC');

const ROLE_NAMES: Record<string, string> = { party: 'Party', attorney: 'Attorney / advisor', mediator: 'Mediator', comediator: 'Co-mediator', observer: 'Observer', interpreter: 'Interpreter' };
const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/**
 * The sign-off page of a frozen version: what was frozen, whether every required signer has
 * signed (in those words), each signature with the signer's invited name, side, role and a stable
 * participant reference, and the agreement's record of events for this version in plain words.
 * The content fingerprint is a detail line, not a heading.
 */
export async function signoffBlocks(ctx: AppContext, service: AgreementService, sessionId: string, version: VersionMeta): Promise<Block[]> {
  const everyone = await ctx.stores.sessions.listParticipants(sessionId);
  const people = new Map(everyone.map((p) => [p.id, p]));
  const signoffs = (await service.store.listSignoffs(sessionId)).filter((s) => s.versionId === version.id);
  const freeze = await service.freezeOf(sessionId);
  const stillFrozen = freeze?.versionId === version.id;
  const status = await service.signingStatus(sessionId, version.hash);
  const trail = (await ctx.stores.sessions.listAudit(sessionId)).filter((e) => e.action.startsWith('agreement.') && JSON.stringify(e.detail).includes(version.id));
  const unfrozen = trail.filter((e) => e.action === 'agreement.unfrozen').at(-1);
  const required = everyone.filter((p) => isRequiredSigner(p, everyone));
  const statusLine = !stillFrozen
    ? `This version is no longer frozen: it was opened for changes again${unfrozen ? ` on ${day(unfrozen.at)}` : ''}, so the signatures below are void.`
    : status.state === 'fully-signed' && status.fullySignedAt !== null
      ? `Signed by all required signers on ${day(status.fullySignedAt)}.`
      : required.length === 0 ? 'No signer is required (this session has no parties).' : `Awaiting signatures from: ${status.awaiting.join(', ')}.`;
  const names = { person: (id: string) => people.get(id)?.displayName };
  return [
    { kind: 'pageBreak' },
    { kind: 'heading', level: 2, runs: t('Sign-off') },
    para(`Version ${version.number}${version.name === 'Frozen for signature' ? '' : ` ("${version.name}")`}, frozen for signature on ${iso(version.createdAt)} by ${version.author.name}.`),
    { kind: 'paragraph', runs: t(statusLine, { bold: true }), label: '', depth: 0 },
    para('Required signers: every party to the session. Attorneys and advisors may sign as well.'),
    {
      kind: 'table',
      rows: [
        { header: true, cells: [[t('Signer (name as invited)')], [t('Typed signature')], [t('Signed')], [t('Status')]] },
        ...signoffs.map((s) => {
          const p = people.get(s.participantId);
          const role = ROLE_NAMES[s.role] ?? s.role;
          return {
            header: false,
            cells: [
              [t(p?.displayName ?? 'Unknown participant'), t(p?.side ? `${role}, ${p.side} side` : role), t(`Ref. ${participantReference(s.participantId)}`)],
              [t(s.typedName)],
              [t(iso(s.at))],
              [t(s.voidedAt ? `Void since ${iso(s.voidedAt)}` : 'Valid')],
            ],
          };
        }),
      ],
    },
    ...(signoffs.length === 0 ? [para('Nobody has signed this version yet.')] : []),
    para(`Document fingerprint (SHA-256) of this version: ${version.hash}`),
    { kind: 'heading', level: 2, runs: t('Audit trail') },
    ...trail.map((e) => para(`${iso(e.at)}  ${e.actorName}: ${describeAudit(e.action, e.detail, names)}`)),
  ];
}

async function commentBlocks(service: AgreementService, sessionId: string): Promise<Block[]> {
  const threads = await service.store.listThreads(sessionId);
  if (threads.length === 0) return [];
  return [
    { kind: 'pageBreak' },
    { kind: 'heading', level: 2, runs: t('Comments') },
    ...threads.flatMap((th): Block[] => [
      { kind: 'paragraph', runs: t(`On "${th.quote}" (${th.status})`, { italic: true }), label: '', depth: 0 },
      ...th.comments.map((c): Block => ({ kind: 'paragraph', runs: t(`${c.author.name}, ${iso(c.at)}: ${c.body}`), label: '', depth: 1 })),
    ]),
  ];
}

/** The frozen version whose sign-off page belongs with this export: the version itself when it
 * was frozen, and for the current text, the frozen version when the text is exactly it (the
 * same content hash), so "export current" after signing carries the signatures too. */
async function signedVersionFor(service: AgreementService, sessionId: string, content: { nodes: PMNode[]; version: VersionMeta | null }): Promise<VersionMeta | null> {
  if (content.version) return content.version.kind === 'freeze' ? content.version : null;
  const freeze = await service.freezeOf(sessionId);
  if (!freeze || freeze.hash !== contentHash(content.nodes)) return null;
  return service.store.getVersion(sessionId, freeze.versionId);
}

export async function exportBlocks(ctx: AppContext, service: AgreementService, sessionId: string, content: { nodes: PMNode[]; version: VersionMeta | null }, annotate: boolean): Promise<Block[]> {
  const blocks = render(content.nodes, { annotate });
  const signed = await signedVersionFor(service, sessionId, content);
  if (signed) blocks.push(...(await signoffBlocks(ctx, service, sessionId, signed)));
  if (annotate) blocks.push(...(await commentBlocks(service, sessionId)));
  return blocks;
}

export async function exportAgreement(ctx: AppContext, service: AgreementService, sessionId: string, content: { nodes: PMNode[]; version: VersionMeta | null }, format: 'docx' | 'pdf', annotate: boolean): Promise<ExportedFile> {
  const blocks = await exportBlocks(ctx, service, sessionId, content, annotate);
  const name = `settlement-agreement-${content.version ? `v${content.version.number}` : 'current'}`;
  if (format === 'docx') {
    return { contentType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', filename: `${name}.docx`, data: await blocksToDocx(blocks, 'Settlement Agreement') };
  }
  return { contentType: 'application/pdf', filename: `${name}.pdf`, data: await blocksToPdf(blocks, 'Settlement Agreement') };
}

/** The `exports` port: the fully signed agreement as PDF (the frozen version, clean, with its
 * sign-off page), or null while it is not signed by every required signer. */
export async function signedAgreementPdf(ctx: AppContext, service: AgreementService, sessionId: string): Promise<EmailAttachment | null> {
  await service.settle(sessionId);
  // The current text's hash only decides `currentIsFrozenVersion`, which is not needed here.
  const status = await service.signingStatus(sessionId, '');
  if (status.state !== 'fully-signed' || !status.version) return null;
  const content = await service.versionContent(sessionId, status.version.versionId);
  if (!content) return null;
  const file = await exportAgreement(ctx, service, sessionId, content, 'pdf', false);
  return { filename: `settlement-agreement-signed-v${status.version.number}.pdf`, contentType: file.contentType, bytes: file.data };
}
