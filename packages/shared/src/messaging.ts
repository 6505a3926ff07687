/**
 * Secure messaging between sessions (issue 14), per case: a joint thread (parties, counsel and
 * the mediators), a private thread per side with the mediators, and mediator-only notes. Who
 * reads which thread is the room's isolation policy (`canReceive`, chat channel): a thread is a
 * space, and a person "is" in the joint space and their own side's space between sessions.
 */
import { z } from 'zod';
import { isMediatorRole, JOINT, type Role, type Side, type SpaceId } from './domain.js';
import { canReceive } from './policy.js';

export const MESSAGE_MAX_CHARS = 4000;
export const threadIdSchema = z.string().regex(/^(joint|notes|side\.[A-Za-z0-9_-]{8,40})$/, 'That conversation does not exist.');
export const postMessageBodySchema = z.object({
  text: z.string().normalize('NFC').trim().min(1, 'Write something first.').max(MESSAGE_MAX_CHARS, `A message is at most ${MESSAGE_MAX_CHARS} characters.`),
}).strict();
export type PostMessageBody = z.input<typeof postMessageBodySchema>;

/** Files attached to messages: recognised by their content (never by name or the browser's
 * type), at most this large, and served only as downloads to the thread's readers. */
export const MESSAGE_FILE_MAX_BYTES = 5 * 1024 * 1024;
/** Per case, so a thread cannot be used as unbounded storage. */
export const MESSAGE_FILES_PER_CASE = 200;
export const MESSAGE_FILE_TYPES = {
  'application/pdf': 'PDF',
  'image/png': 'PNG image',
  'image/jpeg': 'JPEG image',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': 'Word document',
  'text/plain': 'Plain text',
} as const;
export const messageFileSchema = z.object({ id: z.string(), name: z.string(), type: z.string(), size: z.number() });
export type MessageFile = z.infer<typeof messageFileSchema>;
/** The answer to an upload: the new message and its file. */
export const messageFileUploadedSchema = z.object({ id: z.string(), file: messageFileSchema });

/** A call the mediator started from the thread: `joinUrl` is the reader's OWN personal link into
 * it (null when they were not invited or it has ended), never anyone else's. */
export const messageCallSchema = z.object({ sessionId: z.string(), title: z.string(), joinUrl: z.string().nullable(), ended: z.boolean() });
export type MessageCall = z.infer<typeof messageCallSchema>;

/** A message is text, a file (its text then empty), or the announcement of a call. */
export const messageSchema = z.object({
  id: z.string(), authorName: z.string(), mine: z.boolean(), text: z.string(), at: z.number(), file: messageFileSchema.nullable(), call: messageCallSchema.nullable(),
});
export type Message = z.infer<typeof messageSchema>;
export const threadSummarySchema = z.object({ id: threadIdSchema, label: z.string(), count: z.number(), unread: z.number(), lastAt: z.number().nullable() });
export type ThreadSummary = z.infer<typeof threadSummarySchema>;
export const threadListSchema = z.object({ caseTitle: z.string(), threads: z.array(threadSummarySchema) });
export type ThreadList = z.infer<typeof threadListSchema>;
export const messageThreadViewSchema = z.object({
  thread: threadSummarySchema, messages: z.array(messageSchema),
  /** Mediators may start a call with the thread's people (not from the notes: nobody else reads them). */
  canStartCall: z.boolean(),
});
export const startCallResponseSchema = z.object({ sessionId: z.string(), title: z.string(), invited: z.number(), emailed: z.number(), joinUrl: z.string() });
export type StartCallResponse = z.infer<typeof startCallResponseSchema>;
export type MessageThreadView = z.infer<typeof messageThreadViewSchema>;

/** The space a thread stands for, so the room's policy decides who reads it. `sideKey` is a
 * stable key of the side label (the server's hash). Notes are a space nobody but mediators is in. */
export function threadSpace(thread: string): SpaceId {
  if (thread === 'joint') return JOINT;
  if (thread === 'notes') return 'caucus:mediator-notes';
  return `caucus:${thread.slice('side.'.length)}` as SpaceId;
}

/** Where a person is between sessions: the joint space, and their own side's space. */
export function homeSpaces(person: { role: Role; side: Side }, sideThread: (side: string) => string): SpaceId[] {
  if (isMediatorRole(person.role)) return [JOINT];
  if (person.role === 'observer') return [];
  return person.side === null ? [JOINT] : [JOINT, threadSpace(sideThread(person.side))];
}

/** Whether this person may read (and write in) the thread: the room's chat rule, applied to the
 * spaces they are in between sessions. */
export function mayReadThread(person: { id: string; role: Role; side: Side }, thread: string, sideThread: (side: string) => string): boolean {
  return homeSpaces(person, sideThread).some((space) => canReceive({ id: person.id, role: person.role, space }, threadSpace(thread), 'chat'));
}
