/** Export of a version: the agreed text (clean by default), plus the sign-off page and audit trail
 * when the version was frozen for signature, plus suggestions and comments only when asked. */
import type { VersionMeta } from '@mediation/shared';
import type { AppContext } from '../contracts.js';
import { blocksToDocx } from './docx.js';
import type { PMNode } from './model.js';
import { blocksToPdf } from './pdf.js';
import { render, type Block, type Run } from './render.js';
import type { AgreementService } from './service.js';

export interface ExportedFile {
  contentType: string;
  filename: string;
  data: Buffer;
}

const t = (text: string, extra: Partial<Run> = {}): Run[] => [{ text, ...extra }];
const para = (text: string): Block => ({ kind: 'paragraph', runs: t(text), label: '', depth: 0 });
const iso = (ms: number) => new Date(ms).toISOString().replace('T', ' ').replace(/\.\d+Z$/, ' UTC');

/** The sign-off page: who signed which hash when, and the agreement's audit trail for it. */
export function signoffBlocks(ctx: AppContext, service: AgreementService, sessionId: string, version: VersionMeta): Block[] {
  const people = new Map(ctx.storage.listParticipants(sessionId).map((p) => [p.id, p]));
  const signoffs = service.store.listSignoffs(sessionId).filter((s) => s.versionId === version.id);
  const freeze = service.store.getFreeze(sessionId);
  const trail = ctx.storage.listAudit(sessionId).filter((e) => e.action.startsWith('agreement.') && JSON.stringify(e.detail).includes(version.id));
  return [
    { kind: 'pageBreak' },
    { kind: 'heading', level: 2, runs: t('Sign-off') },
    para(`Version ${version.number}: ${version.name}`),
    para(`Frozen: ${iso(version.createdAt)} by ${version.author.name}`),
    para(`SHA-256: ${version.hash}`),
    para(freeze?.versionId === version.id ? 'Status: frozen for signature.' : 'Status: no longer frozen; edited after freezing, sign-offs void.'),
    {
      kind: 'table',
      rows: [
        { header: true, cells: [[t('Typed name')], [t('Participant')], [t('Role')], [t('Signed')], [t('Status')]] },
        ...signoffs.map((s) => ({
          header: false,
          cells: [[t(s.typedName)], [t(people.get(s.participantId)?.displayName ?? s.participantId)], [t(s.role)], [t(iso(s.at))], [t(s.voidedAt ? `VOID ${iso(s.voidedAt)}` : 'valid')]],
        })),
      ],
    },
    { kind: 'heading', level: 2, runs: t('Audit trail') },
    ...trail.map((e) => para(`${iso(e.at)}  ${e.actorName}  ${e.action}${typeof e.detail.hash === 'string' ? `  ${e.detail.hash}` : ''}${typeof e.detail.typedName === 'string' ? `  signed as "${e.detail.typedName}"` : ''}`)),
  ];
}

function commentBlocks(service: AgreementService, sessionId: string): Block[] {
  const threads = service.store.listThreads(sessionId);
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

export function exportBlocks(ctx: AppContext, service: AgreementService, sessionId: string, content: { nodes: PMNode[]; version: VersionMeta | null }, annotate: boolean): Block[] {
  const blocks = render(content.nodes, { annotate });
  if (content.version?.kind === 'freeze') blocks.push(...signoffBlocks(ctx, service, sessionId, content.version));
  if (annotate) blocks.push(...commentBlocks(service, sessionId));
  return blocks;
}

export async function exportAgreement(ctx: AppContext, service: AgreementService, sessionId: string, content: { nodes: PMNode[]; version: VersionMeta | null }, format: 'docx' | 'pdf', annotate: boolean): Promise<ExportedFile> {
  const blocks = exportBlocks(ctx, service, sessionId, content, annotate);
  const name = `settlement-agreement-${content.version ? `v${content.version.number}` : 'current'}`;
  if (format === 'docx') {
    return { contentType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', filename: `${name}.docx`, data: await blocksToDocx(blocks, 'Settlement Agreement') };
  }
  return { contentType: 'application/pdf', filename: `${name}.pdf`, data: await blocksToPdf(blocks, 'Settlement Agreement') };
}
