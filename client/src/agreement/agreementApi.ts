/** The agreement HTTP API (server/src/agreement/routes.ts), returning the shared `Result` shape. */
import { agreementStateSchema, redlineSchema, type AgreementState, type Redline, type Result } from '@mediation/shared';
import { request, type Parser } from '../lib/http';

const anything: Parser<Record<string, unknown>> = { safeParse: (v) => ({ success: true, data: (v ?? {}) as Record<string, unknown> }) };

export class AgreementApi {
  constructor(private readonly sessionId: string, private readonly token: string) {}

  private url(path: string) { return `/api/sessions/${encodeURIComponent(this.sessionId)}/agreement${path}`; }

  private call<T>(method: string, path: string, json: unknown, schema: Parser<T>): Promise<Result<T>> {
    return request(this.url(path), schema, { method, bearer: this.token, json });
  }

  state(): Promise<Result<AgreementState>> { return this.call('GET', '/', undefined, agreementStateSchema); }
  template() { return this.call('POST', '/template', {}, anything); }
  suggest(body: { kind: 'insert'; at: number; text: string } | { kind: 'delete'; from: number; to: number } | { kind: 'replace'; from: number; to: number; text: string }) { return this.call('POST', '/suggestions', body, anything); }
  decide(id: string, decision: 'accept' | 'reject') { return this.call('POST', `/suggestions/${encodeURIComponent(id)}/${decision}`, undefined, anything); }
  decideAll(authorId: string, decision: 'accept' | 'reject') { return this.call('POST', '/suggestions/by-author', { authorId, decision }, anything); }
  comment(from: number, to: number, body: string) { return this.call('POST', '/threads', { from, to, body }, anything); }
  reply(threadId: string, body: string) { return this.call('POST', `/threads/${encodeURIComponent(threadId)}/replies`, { body }, anything); }
  setThread(threadId: string, action: 'resolve' | 'reopen') { return this.call('POST', `/threads/${encodeURIComponent(threadId)}/${action}`, undefined, anything); }
  saveVersion(name: string) { return this.call('POST', '/versions', { name }, anything); }
  restore(versionId: string) { return this.call('POST', `/versions/${encodeURIComponent(versionId)}/restore`, undefined, anything); }
  redline(from: string, to: string): Promise<Result<Redline>> { return this.call('GET', `/redline/${encodeURIComponent(from)}/${encodeURIComponent(to)}`, undefined, redlineSchema); }
  freeze(name?: string) { return this.call('POST', '/freeze', name ? { name } : {}, anything); }
  /** Mediators only; the server refuses without `confirm: true` (unfreezing voids the signatures). */
  unfreeze() { return this.call('POST', '/unfreeze', { confirm: true }, anything); }
  sign(versionId: string, hash: string, typedName: string) { return this.call('POST', '/sign', { versionId, hash, typedName, confirm: true }, anything); }
  propose(draftSpace: string, from: number, to: number) { return this.call('POST', '/proposals', { draftSpace, from, to }, anything); }
  decideProposal(id: string, approve: boolean) { return this.call('POST', `/proposals/${encodeURIComponent(id)}/${approve ? 'approve' : 'reject'}`, {}, anything); }

  /** Exports need the bearer header, so they are fetched and offered as a file. */
  async download(versionId: string, format: 'docx' | 'pdf', annotate = false): Promise<Result<null>> {
    const res = await fetch(this.url(`/versions/${encodeURIComponent(versionId)}/export?format=${format}${annotate ? '&annotate=1' : ''}`), { headers: { Authorization: `Bearer ${this.token}` } }).catch(() => null);
    if (!res?.ok) return { ok: false, error: { code: 'INTERNAL', message: 'The file could not be made. Please try again.' } };
    const blob = await res.blob();
    const a = document.createElement('a');
    a.href = URL.createObjectURL(blob);
    a.download = /filename="([^"]+)"/.exec(res.headers.get('content-disposition') ?? '')?.[1] ?? `agreement.${format}`;
    a.click();
    setTimeout(() => URL.revokeObjectURL(a.href), 10_000);
    return { ok: true, data: null };
  }
}
