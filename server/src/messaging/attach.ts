/**
 * Secure messaging between sessions (issue 14), per case: a joint thread, a private thread per
 * side with the mediators, mediator-only notes. Who reads which thread is the room's isolation
 * policy (shared/messaging.ts → `canReceive`); a thread the caller may not read answers exactly
 * like one that does not exist. New messages are announced by email WITHOUT their content
 * ("You have a new message in …" and the person's own link). People write with their personal
 * link of any session of the case, also after that session ended (until the retention ends).
 *
 * - GET  /api/sessions/:sessionId/messages                  the caller's threads, with unread counts
 * - GET  /api/sessions/:sessionId/messages/:thread          its messages (marks them read)
 * - POST /api/sessions/:sessionId/messages/:thread {text}   writes one
 * - POST /api/sessions/:sessionId/messages/:thread/files     attaches a file (raw body, name in
 *   `x-file-name`): a message of its own; type recognised from the content, size and count limited
 * - GET  /api/sessions/:sessionId/messages/:thread/files/:id a download (attachment + nosniff),
 *   for the thread's readers only; to anyone else it does not exist
 * - POST /api/sessions/:sessionId/messages/:thread/call      (mediators) a call in the case with
 *   the people who read the thread, through the practice's `caseSessions` port; announced in the
 *   thread, where each reader sees a join button with their OWN link
 */
import express, { type NextFunction, type Request, type Response } from 'express';
import {
  ErrorCode, isMediatorRole, MESSAGE_FILE_MAX_BYTES, MESSAGE_FILES_PER_CASE, MESSAGE_FILE_TYPES, ROOM_ROLE_OF, idSchema, mayReadThread,
  postMessageBodySchema, threadIdSchema, type MessageCall, type ThreadSummary,
} from '@mediation/shared';
import { recogniseType, sendAsDownload, uploadedFile } from '../files/content.js';
import type { AppContext } from '../contracts.js';
import type { Feature } from '../features.js';
import { authedOf, requireParticipant } from '../http/auth.js';
import { sendError } from '../http/errors.js';
import { privateRouter } from '../http/privateRouter.js';
import { parseRequest } from '../http/parse.js';
import { newId } from '../ids.js';
import { sessionAddresses } from '../people/addresses.js';
import type { SessionCase } from '../storage/followupTypes.js';
import { caseThreads, mayRead, readerOf, sideThread, type Reader } from './threads.js';

const PAGE = 200;

export function messagingFeature(): Feature {
  /** Notices being sent: shutdown waits for them rather than closing the store under them. */
  const inFlight = new Set<Promise<void>>();
  return {
    name: 'messaging',
    attach(ctx) {
      ctx.express.use('/api/sessions/:sessionId/messages', routes(ctx, (p) => {
        inFlight.add(p);
        void p.finally(() => inFlight.delete(p));
      }));
    },
    async close() {
      await Promise.allSettled([...inFlight]);
    },
  };
}

function routes(ctx: AppContext, track: (p: Promise<void>) => void): express.Router {
  const r = privateRouter([requireParticipant(ctx, { afterEnd: 'allow-writes' })], { mergeParams: true });
  const messages = () => ctx.stores.followup.messages;

  /** The caller's case and who they are in it; answers 404 for sessions outside any case. */
  const who = async (res: Response): Promise<{ sc: SessionCase; reader: Reader } | null> => {
    const { session, participant } = authedOf(res);
    const sc = await ctx.stores.followup.plans.sessionCase(session.id);
    if (!sc) {
      sendError(res, { code: ErrorCode.NOT_FOUND, message: 'Messages belong to a case; this session is not part of one.' });
      return null;
    }
    return { sc, reader: await readerOf(ctx, sc, participant) };
  };

  const summaries = async (sc: SessionCase, reader: Reader): Promise<ThreadSummary[]> => {
    const counts = new Map((await messages().summary(sc.caseId)).map((s) => [s.thread, s]));
    const marks = await messages().readMarks(sc.caseId, reader.key);
    const out: ThreadSummary[] = [];
    for (const t of await caseThreads(ctx, sc.caseId)) {
      if (!mayRead(reader, t.id)) continue;
      const c = counts.get(t.id);
      out.push({ id: t.id, label: t.label, count: c?.count ?? 0, lastAt: c?.lastAt ?? null, unread: c ? await messages().unreadCount(sc.caseId, t.id, reader.key, marks.get(t.id) ?? 0) : 0 });
    }
    return out;
  };

  /** The route's thread, if the caller may read it; otherwise 404 as for an unknown one. */
  const threadOf = async (res: Response, raw: string | undefined, sc: SessionCase, reader: Reader): Promise<ThreadSummary | null> => {
    const id = threadIdSchema.safeParse(raw);
    const t = id.success ? (await summaries(sc, reader)).find((x) => x.id === id.data) : undefined;
    if (!t) sendError(res, { code: ErrorCode.NOT_FOUND, message: 'That conversation does not exist.' });
    return t ?? null;
  };

  r.get('/', async (_req, res) => {
    const w = await who(res);
    if (!w) return;
    if (w.reader.participant.role === 'observer') return sendError(res, { code: ErrorCode.FORBIDDEN, message: 'Observers do not take part in the case’s messages.' });
    res.json({ caseTitle: w.sc.caseTitle, threads: await summaries(w.sc, w.reader) });
  });

  r.get('/:thread', async (req, res) => {
    const w = await who(res);
    if (!w) return;
    const t = await threadOf(res, req.params.thread, w.sc, w.reader);
    if (!t) return;
    const list = await messages().list(w.sc.caseId, t.id, PAGE);
    const files = new Map((await messages().listFiles(w.sc.caseId, t.id)).map((f) => [f.messageId, { id: f.id, name: f.name, type: f.type, size: f.size }]));
    const calls = new Map<string, MessageCall | null>();
    for (const c of await messages().listCalls(w.sc.caseId, t.id)) calls.set(c.messageId, await callView(ctx, w.sc, w.reader, c.sessionId));
    if (list.length > 0) await messages().markRead(w.sc.caseId, t.id, w.reader.key, list.at(-1)!.at);
    res.json({
      thread: { ...t, unread: 0 },
      messages: list.map((m) => ({
        id: m.id, authorName: m.authorName, mine: m.authorKey === w.reader.key, text: m.text, at: m.at, file: files.get(m.id) ?? null, call: calls.get(m.id) ?? null,
      })),
      canStartCall: isMediatorAccount(w.reader) && t.id !== 'notes',
    });
  });

  r.post('/:thread', async (req, res) => {
    const w = await who(res);
    if (!w) return;
    const t = await threadOf(res, req.params.thread, w.sc, w.reader);
    if (!t) return;
    const body = parseRequest(postMessageBodySchema, req.body, res, { text: 'Write something first (at most 4,000 characters).' });
    if (!body) return;
    const at = Date.now();
    await messages().add({ id: newId(), caseId: w.sc.caseId, thread: t.id, authorKey: w.reader.key, authorName: w.reader.name, text: body.text, at });
    await messages().markRead(w.sc.caseId, t.id, w.reader.key, at);
    res.status(201).json({ ok: true });
    track(notify(ctx, w.sc, authedOf(res).session.id, t, w.reader).catch((err: unknown) => ctx.log.warn({ err }, 'message notification failed')));
  });

  const typeNames = Object.values(MESSAGE_FILE_TYPES).join(', ');
  r.post('/:thread/files', express.raw({ type: () => true, limit: MESSAGE_FILE_MAX_BYTES }), async (req, res) => {
    const w = await who(res);
    if (!w) return;
    const t = await threadOf(res, req.params.thread, w.sc, w.reader);
    if (!t) return;
    const upload = uploadedFile(req, res);
    if (!upload) return;
    const { name, data } = upload;
    // Recognised from the bytes: the name and the browser's type say nothing.
    const type = recogniseType(data);
    if (!type || !(type in MESSAGE_FILE_TYPES)) return sendError(res, { code: ErrorCode.BAD_REQUEST, message: `Only these files can be attached: ${typeNames}.` });
    const at = Date.now();
    const message = { id: newId(), caseId: w.sc.caseId, thread: t.id, authorKey: w.reader.key, authorName: w.reader.name, text: '', at };
    const file = { id: newId(), caseId: w.sc.caseId, thread: t.id, messageId: message.id, name, type, size: data.length, data };
    if (!(await messages().addWithFile(message, file, MESSAGE_FILES_PER_CASE))) {
      return sendError(res, { code: ErrorCode.CONFLICT, message: `This case already holds ${MESSAGE_FILES_PER_CASE} attached files, the most it can.` });
    }
    await messages().markRead(w.sc.caseId, t.id, w.reader.key, at);
    res.status(201).json({ id: message.id, file: { id: file.id, name: file.name, type, size: file.size } });
    track(notify(ctx, w.sc, authedOf(res).session.id, t, w.reader).catch((err: unknown) => ctx.log.warn({ err }, 'message notification failed')));
  });

  r.get('/:thread/files/:fileId', async (req, res) => {
    const w = await who(res);
    if (!w) return;
    const t = await threadOf(res, req.params.thread, w.sc, w.reader);
    if (!t) return;
    const id = idSchema.safeParse(req.params.fileId);
    const f = id.success ? await messages().getFile(w.sc.caseId, t.id, id.data) : null;
    if (!f) return sendError(res, { code: ErrorCode.NOT_FOUND, message: 'That file does not exist.' });
    sendAsDownload(res, f.name, f.data);
  });

  r.post('/:thread/call', async (req, res) => {
    const w = await who(res);
    if (!w) return;
    const t = await threadOf(res, req.params.thread, w.sc, w.reader);
    if (!t) return;
    if (!isMediatorAccount(w.reader)) return sendError(res, { code: ErrorCode.FORBIDDEN, message: 'Only the mediator can start a call.' });
    if (t.id === 'notes') return sendError(res, { code: ErrorCode.CONFLICT, message: 'Only mediators read the notes, so there is nobody to call from here.' });
    // The people of the thread: exactly those the room's policy lets read it.
    const people = (await ctx.stores.practice.cases.listPeople(w.sc.caseId))
      .filter((p) => mayReadThread({ id: `person:${p.id}`, role: ROOM_ROLE_OF[p.role], side: p.side }, t.id, sideThread));
    const started = await ctx.caseSessions.startCall({ caseId: w.sc.caseId, mediatorId: w.reader.key.slice('mediator:'.length), personIds: people.map((p) => p.id) });
    if (!started.ok) return sendError(res, started.error);
    const at = Date.now();
    const text = `${w.reader.name} started a call with ${people.map((p) => p.name).join(', ')}. Each of you was sent your own link by email; you can also join from here.`;
    await messages().addWithCall({ id: newId(), caseId: w.sc.caseId, thread: t.id, authorKey: w.reader.key, authorName: w.reader.name, text, at }, started.data.sessionId);
    await messages().markRead(w.sc.caseId, t.id, w.reader.key, at);
    const me = await ctx.stores.sessions.getParticipant(started.data.mediatorParticipantId);
    const { mediatorParticipantId: _m, ...out } = started.data;
    res.status(201).json({ ...out, joinUrl: `${ctx.config.publicUrl}/join#t=${me!.token}` });
  });

  // A file over the limit is cut off by the raw parser: say so in this feature's words.
  r.use((err: unknown, _req: Request, res: Response, next: NextFunction) => {
    if ((err as { type?: string }).type !== 'entity.too.large') return next(err);
    sendError(res, { code: ErrorCode.PAYLOAD_TOO_LARGE, message: `A file can be at most ${MESSAGE_FILE_MAX_BYTES / (1024 * 1024)} MB.` });
  });
  return r;
}

/** A mediator's own account (not a participant of an anonymous session): who may start calls. */
const isMediatorAccount = (r: Reader): boolean => r.key.startsWith('mediator:') && isMediatorRole(r.role);

/** A call announced in a thread, as this reader sees it: their own link into it, if they have one. */
async function callView(ctx: AppContext, sc: SessionCase, reader: Reader, sessionId: string): Promise<MessageCall | null> {
  const cs = await ctx.stores.practice.cases.getSession(sc.caseId, sessionId);
  const session = await ctx.stores.sessions.getSession(sessionId);
  if (!cs || !session) return null;
  const [kind, id] = [reader.key.slice(0, reader.key.indexOf(':')), reader.key.slice(reader.key.indexOf(':') + 1)];
  const participantId = kind === 'person' ? cs.invitees.find((i) => i.personId === id)?.participantId
    : kind === 'mediator' ? cs.mediators.find((m) => m.mediatorId === id)?.participantId : undefined;
  const p = participantId ? await ctx.stores.sessions.getParticipant(participantId) : null;
  const ended = session.endedAt !== null;
  const usable = p !== null && !p.revoked && p.expiresAt > Date.now() && !ended;
  return { sessionId, title: session.title, joinUrl: usable ? `${ctx.config.publicUrl}/join#t=${p.token}` : null, ended };
}

/** Emails the thread's other readers that something new is there, never what. */
async function notify(ctx: AppContext, sc: SessionCase, sessionId: string, thread: ThreadSummary, author: Reader): Promise<void> {
  const addresses = await sessionAddresses(ctx, sessionId);
  const sent = new Set<string>([author.key]);
  for (const p of await ctx.stores.sessions.listParticipants(sessionId)) {
    if (p.revoked) continue;
    const reader = await readerOf(ctx, sc, p);
    const to = addresses.get(p.id)?.email;
    if (!to || sent.has(reader.key) || !mayRead(reader, thread.id)) continue;
    sent.add(reader.key);
    const text = [
      `Dear ${p.displayName},`, '',
      `You have a new message in “${thread.label}” of “${sc.caseTitle}”.`, '',
      'Read it with your personal link (for you alone; please do not forward it):', `${ctx.config.publicUrl}/join#t=${p.token}`,
    ].join('\n');
    await ctx.mailer.send({ practiceId: sc.practiceId, caseId: sc.caseId, to, subject: `New message – ${sc.caseTitle}`, text, calendar: null });
  }
}
