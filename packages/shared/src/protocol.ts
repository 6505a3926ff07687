/**
 * The socket.io wire protocol, in one file, with a version number.
 * Client→server requests are acknowledged with `Result<T>`; server→client notifications are
 * fire-and-forget. Every payload has a zod schema; TypeScript types are inferred from them.
 */
import { sessionStageSchema } from './intake.js';
import { z } from 'zod';
import {
  bindingSchema,
  displayNameSchema,
  idSchema,
  participantViewSchema,
  roleSchema,
  sessionSettingsPatchSchema,
  sessionSettingsSchema,
  sideSchema,
  spaceIdSchema,
  spaceNameSchema,
  spaceViewSchema,
} from './domain.js';
import { humanIdentifier } from './names.js';
import { appErrorSchema, type Result } from './errors.js';
import { sideScoreSchema } from './board.js';

/** Bump on any incompatible change; the server refuses other versions with PROTOCOL_MISMATCH. */
export const PROTOCOL_VERSION = 1;

/** Limits shared by both sides so the client can stop a user before the server has to. */
export const LIMITS = {
  /** socket.io maxHttpBufferSize: no legitimate message is bigger (SDP-like params are ~10 KB). */
  maxSocketMessageBytes: 64 * 1024,
  chatMaxChars: 2000,
  broadcastMaxChars: 500,
  /** Requests per participant per 10 s before RATE_LIMITED. */
  requestsPer10s: 200,
  controlPer10s: 40,
  maxCaucuses: 20,
  maxTimerSeconds: 4 * 3600,
  /** Consumers resumed by one `media:resumeConsumers` (a move into a full room creates ~2 per person). */
  maxConsumersPerBatch: 100,
  /** One caption line as a captioner (CART) sends it; a line is a phrase, not a transcript. */
  captionMaxChars: 300,
  /** Caption lines per participant per 10 s (a fast writer sends a few phrases a second). */
  captionsPer10s: 40,
  /** Caption lines kept per room when the session keeps captions (oldest dropped first). */
  captionsKept: 2000,
} as const;

/** Handshake `auth` payload. */
export const handshakeAuthSchema = z.object({
  token: z.string().min(10).max(4096),
  protocolVersion: z.number().int(),
});
export type HandshakeAuth = z.infer<typeof handshakeAuthSchema>;

// mediasoup parameter objects are validated structurally here and semantically by mediasoup itself.
const looseObject = z.record(z.string(), z.unknown());
export const rtpCapabilitiesSchema = z.object({ codecs: z.array(looseObject).max(64).optional(), headerExtensions: z.array(looseObject).max(64).optional() });
export const dtlsParametersSchema = z.object({ role: z.enum(['auto', 'client', 'server']).optional(), fingerprints: z.array(z.object({ algorithm: z.string().max(20), value: z.string().max(200) })).min(1).max(8) });
export const sctpStreamParametersSchema = z.object({
  streamId: z.number().int().min(0).max(65535),
  ordered: z.boolean().optional(),
  maxPacketLifeTime: z.number().int().min(0).optional(),
  maxRetransmits: z.number().int().min(0).optional(),
});
/** The label of the pre-connection's data channel (see `media:preconnect`). */
export const PRECONNECT_LABEL = 'preconnect';
export const rtpParametersSchema = z.object({
  mid: z.string().max(32).optional(),
  codecs: z.array(looseObject).min(1).max(16),
  headerExtensions: z.array(looseObject).max(32).optional(),
  encodings: z.array(looseObject).max(8).optional(),
  rtcp: looseObject.optional(),
});

export const mediaSourceSchema = z.enum(['mic', 'cam']);
export type MediaSource = z.infer<typeof mediaSourceSchema>;

export const chatTargetSchema = z.discriminatedUnion('kind', [
  /**
   * Everyone in my current space (plus mediators, who read every space). `space`: the space the
   * sender's composer named (the web client always sends it). When the sender was moved before the
   * message arrived, the server refuses it (CONFLICT) instead of delivering it to the new space:
   * words written for a caucus never reach the joint room because a move crossed them.
   */
  z.object({ kind: z.literal('space'), space: spaceIdSchema.optional() }),
  /** Private line between a participant and the mediators. */
  z.object({ kind: z.literal('mediators') }),
  /** Mediators only: reply privately to one participant. */
  z.object({ kind: z.literal('participant'), participantId: idSchema }),
]);
export type ChatTarget = z.infer<typeof chatTargetSchema>;

export const chatMessageSchema = z.object({
  id: z.string(),
  /** Space the message belongs to, or 'dm:<participantId>' for a private line with mediators. */
  thread: z.string(),
  fromId: idSchema,
  fromName: z.string(),
  fromRole: roleSchema,
  text: z.string(),
  at: z.number(),
});
export type ChatMessage = z.infer<typeof chatMessageSchema>;

/** One live caption line (CART). Reaches only the captioner's space; kept only with `keepCaptions`. */
export const captionLineSchema = z.object({
  id: z.string(),
  fromId: idSchema,
  fromName: z.string(),
  text: z.string(),
  at: z.number(),
});
export type CaptionLine = z.infer<typeof captionLineSchema>;

export const knockSchema = z.object({
  id: z.string(),
  fromId: idSchema,
  fromName: z.string(),
  space: spaceIdSchema,
  message: z.string(),
  at: z.number(),
});
export type Knock = z.infer<typeof knockSchema>;

export const selfViewSchema = z.object({
  id: idSchema,
  displayName: z.string(),
  role: roleSchema,
  side: sideSchema,
  space: spaceIdSchema,
});

/** The room as one viewer is allowed to see it (computed by `projectRoom`). */
export const roomViewSchema = z.object({
  sessionId: idSchema,
  title: z.string(),
  self: selfViewSchema,
  settings: sessionSettingsSchema,
  lobbyMessage: z.string(),
  participants: z.array(participantViewSchema),
  spaces: z.array(spaceViewSchema),
  /** Mediators only. */
  knocks: z.array(knockSchema).optional(),
  endedAt: z.number().nullable(),
});
export type RoomView = z.infer<typeof roomViewSchema>;

export const auditEntrySchema = z.object({
  at: z.number(),
  actorId: z.string(),
  actorName: z.string(),
  action: z.string(),
  detail: z.record(z.string(), z.unknown()),
});
export type AuditEntry = z.infer<typeof auditEntrySchema>;

const ids = z.array(idSchema).min(1).max(50);
const empty = z.object({}).strict();

/** Client→server requests: name → [payload schema, ack data type]. */
export const requestSchemas = {
  'session:join': z.object({ displayName: displayNameSchema.optional() }).strict(),
  'session:leave': empty,
  'media:getRouterCapabilities': empty,
  'media:createTransport': z.object({ direction: z.enum(['send', 'recv']) }).strict(),
  'media:connectTransport': z.object({ transportId: z.string().uuid(), dtlsParameters: dtlsParametersSchema }).strict(),
  'media:setRtpCapabilities': z.object({ rtpCapabilities: rtpCapabilitiesSchema }).strict(),
  'media:produce': z.object({ transportId: z.string().uuid(), kind: z.enum(['audio', 'video']), rtpParameters: rtpParametersSchema, source: mediaSourceSchema }).strict(),
  'media:closeProducer': z.object({ producerId: z.string().uuid() }).strict(),
  'media:pauseProducer': z.object({ producerId: z.string().uuid() }).strict(),
  'media:resumeProducer': z.object({ producerId: z.string().uuid() }).strict(),
  'media:resumeConsumer': z.object({ consumerId: z.string().uuid() }).strict(),
  /** Resumes several of the caller's consumers at once (those a move or a join created together). */
  'media:resumeConsumers': z.object({ consumerIds: z.array(z.string().uuid()).min(1).max(LIMITS.maxConsumersPerBatch) }).strict(),
  /** Before joining only (the join page): a transport for the room, created while the person looks
   * at their preview, with a data channel that makes ICE and DTLS complete before the click. A
   * pre-joined connection is nobody in the room: it receives nothing until it joins. */
  'media:preconnect': z.object({ direction: z.enum(['send', 'recv']) }).strict(),
  /** The pre-connection's data channel on the caller's own send transport; it carries nothing (the
   * server never reads or forwards it), it only makes the browser connect the transport. */
  'media:produceData': z.object({ transportId: z.string().uuid(), sctpStreamParameters: sctpStreamParametersSchema, label: z.literal(PRECONNECT_LABEL), protocol: z.literal('') }).strict(),
  'chat:send': z.object({ to: chatTargetSchema, text: z.string().trim().min(1).max(LIMITS.chatMaxChars) }).strict(),
  'chat:history': empty,
  'typing:set': z.object({ active: z.boolean() }).strict(),
  'knock:send': z.object({ message: z.string().trim().max(300).default('') }).strict(),
  'hand:set': z.object({ raised: z.boolean() }).strict(),
  /** Ask the mediators to correct my name (names are set at invitation; nobody renames themself). */
  'name:propose': z.object({ displayName: displayNameSchema }).strict(),
  /** Parties choose their own space only when the session allows roaming. */
  'space:enter': z.object({ space: spaceIdSchema }).strict(),
  /** Captioners: one live caption line to the space they are in. */
  // `space`: where the captioner wrote the line (as chat's space target: a line crossed by a move is refused, not shown to the new space).
  'caption:send': z.object({ text: z.string().trim().min(1).max(LIMITS.captionMaxChars), space: spaceIdSchema.optional() }).strict(),
  /** Caption lines this person may read back (always empty unless the session keeps captions). */
  'caption:history': empty,
  // --- mediator controls ---
  'control:admit': z.object({ participantIds: ids.optional(), all: z.boolean().optional() }).strict().refine((v) => !!v.participantIds !== !!v.all, 'give participantIds or all, not both'),
  'control:hold': z.object({ participantIds: ids }).strict(),
  'control:move': z.object({ participantIds: ids, to: spaceIdSchema }).strict(),
  /** `confirmSeparate`: the mediator confirmed bringing people whose plan is separate rooms only (intake). */
  'control:allToJoint': z.object({ confirmSeparate: z.boolean().optional() }).strict(),
  'control:createSpace': z.object({ name: spaceNameSchema }).strict(),
  'control:renameSpace': z.object({ space: spaceIdSchema, name: spaceNameSchema }).strict(),
  'control:closeSpace': z.object({ space: spaceIdSchema, sendTo: spaceIdSchema }).strict(),
  'control:broadcast': z.object({ text: z.string().trim().min(1).max(LIMITS.broadcastMaxChars), to: z.union([z.literal('all'), spaceIdSchema]) }).strict(),
  'control:setTimer': z.object({ space: spaceIdSchema, seconds: z.number().int().min(1).max(LIMITS.maxTimerSeconds).nullable(), label: humanIdentifier({ label: 'timer label', max: 80, min: 0 }).default('') }).strict(),
  'control:answerKnock': z.object({ knockId: z.string().min(1).max(64), reply: z.string().trim().max(LIMITS.chatMaxChars).optional(), join: z.boolean().default(false) }).strict(),
  'control:setLobbyMessage': z.object({ text: z.string().trim().max(500) }).strict(),
  'control:updateSettings': sessionSettingsPatchSchema.strict(),
  'control:planAssignment': z.object({ participantId: idSchema, space: spaceIdSchema.nullable() }).strict(),
  'control:auditLog': empty,
  'control:remove': z.object({ participantId: idSchema }).strict(),
  /** Change someone's name directly (audited; a co-mediator cannot rename the lead mediator). */
  'control:renameParticipant': z.object({ participantId: idSchema, displayName: displayNameSchema }).strict(),
  /** Approve or decline a name correction a person asked for (audited either way). */
  'control:answerNameProposal': z.object({ participantId: idSchema, approve: z.boolean() }).strict(),
  'control:endSession': empty,
  /** Bind an interpreter or captioner to a person or side (they join that person's space at once),
   * or release them (`interpretsFor: null`) so they can be moved on their own. */
  'control:bind': z.object({ participantId: idSchema, interpretsFor: bindingSchema.nullable() }).strict(),
} as const;

export type RequestName = keyof typeof requestSchemas;
export type RequestPayload<N extends RequestName> = z.input<(typeof requestSchemas)[N]>;
export type ParsedRequest<N extends RequestName> = z.output<(typeof requestSchemas)[N]>;

export interface TransportOptionsWire {
  id: string;
  iceParameters: unknown;
  iceCandidates: unknown[];
  dtlsParameters: unknown;
}

/** The data channel the server opens to a pre-connected receiving transport (from a silent
 * server-side source, the same for everyone: it carries nothing about anybody). */
export interface PreconnectDataConsumerWire {
  id: string;
  dataProducerId: string;
  sctpStreamParameters: unknown;
  label: string;
  protocol: string;
}

export interface PreconnectWire extends TransportOptionsWire {
  sctpParameters: unknown;
  /** For a receiving transport; null for a sending one (the client opens its own channel). */
  dataConsumer: PreconnectDataConsumerWire | null;
}

/** Ack data per request. */
export interface ResponseData {
  /** `displayName` is the name the person has in this session (the invited one, or a correction
   * the mediator approved); a different name sent with the join is not applied. */
  'session:join': { room: RoomView; replacedEarlierConnection: boolean; displayName: string };
  'session:leave': Record<string, never>;
  'media:getRouterCapabilities': { rtpCapabilities: unknown };
  'media:createTransport': TransportOptionsWire;
  'media:connectTransport': Record<string, never>;
  'media:setRtpCapabilities': Record<string, never>;
  'media:produce': { producerId: string };
  'media:closeProducer': Record<string, never>;
  'media:pauseProducer': Record<string, never>;
  'media:resumeProducer': Record<string, never>;
  'media:resumeConsumer': Record<string, never>;
  'media:resumeConsumers': { resumed: string[] };
  'media:preconnect': PreconnectWire;
  'media:produceData': { dataProducerId: string };
  'chat:send': { message: ChatMessage; audience: { label: string; count: number } };
  'chat:history': { messages: ChatMessage[] };
  'typing:set': Record<string, never>;
  'knock:send': { knock: Knock };
  'hand:set': Record<string, never>;
  'name:propose': Record<string, never>;
  'space:enter': Record<string, never>;
  'caption:send': { line: CaptionLine };
  'caption:history': { lines: CaptionLine[] };
  'control:admit': { admitted: string[] };
  'control:hold': Record<string, never>;
  'control:move': { moved: string[] };
  'control:allToJoint': { moved: string[] };
  'control:createSpace': { space: string };
  'control:renameSpace': Record<string, never>;
  'control:closeSpace': { moved: string[] };
  'control:broadcast': Record<string, never>;
  'control:setTimer': Record<string, never>;
  'control:answerKnock': Record<string, never>;
  'control:setLobbyMessage': Record<string, never>;
  'control:updateSettings': Record<string, never>;
  'control:planAssignment': Record<string, never>;
  'control:auditLog': { entries: AuditEntry[] };
  'control:remove': Record<string, never>;
  'control:renameParticipant': Record<string, never>;
  'control:answerNameProposal': Record<string, never>;
  'control:endSession': Record<string, never>;
  'control:bind': Record<string, never>;
}

export type Ack<N extends RequestName> = (result: Result<ResponseData[N]>) => void;

const nothing = z.object({}).strict();
const moved = z.object({ moved: z.array(idSchema) });
/** Ack data per request, as schemas: the test client parses every ack with these, so the server's
 * answers are checked against the protocol, not only typed. `satisfies` keeps them equal to
 * `ResponseData`. */
export const responseSchemas = {
  'session:join': z.object({ room: roomViewSchema, replacedEarlierConnection: z.boolean(), displayName: z.string() }),
  'session:leave': nothing,
  'media:getRouterCapabilities': z.object({ rtpCapabilities: z.unknown() }),
  'media:createTransport': z.object({ id: z.string(), iceParameters: z.unknown(), iceCandidates: z.array(z.unknown()), dtlsParameters: z.unknown() }),
  'media:connectTransport': nothing,
  'media:setRtpCapabilities': nothing,
  'media:produce': z.object({ producerId: z.string() }),
  'media:closeProducer': nothing,
  'media:pauseProducer': nothing,
  'media:resumeProducer': nothing,
  'media:resumeConsumer': nothing,
  'media:resumeConsumers': z.object({ resumed: z.array(z.string()) }),
  'media:preconnect': z.object({
    id: z.string(),
    iceParameters: z.unknown(),
    iceCandidates: z.array(z.unknown()),
    dtlsParameters: z.unknown(),
    sctpParameters: z.unknown(),
    dataConsumer: z.object({ id: z.string(), dataProducerId: z.string(), sctpStreamParameters: z.unknown(), label: z.string(), protocol: z.string() }).nullable(),
  }),
  'media:produceData': z.object({ dataProducerId: z.string() }),
  'chat:send': z.object({ message: chatMessageSchema, audience: z.object({ label: z.string(), count: z.number().int().min(0) }) }),
  'chat:history': z.object({ messages: z.array(chatMessageSchema) }),
  'typing:set': nothing,
  'knock:send': z.object({ knock: knockSchema }),
  'hand:set': nothing,
  'name:propose': nothing,
  'space:enter': nothing,
  'caption:send': z.object({ line: captionLineSchema }),
  'caption:history': z.object({ lines: z.array(captionLineSchema) }),
  'control:admit': z.object({ admitted: z.array(idSchema) }),
  'control:hold': nothing,
  'control:move': moved,
  'control:allToJoint': moved,
  'control:createSpace': z.object({ space: spaceIdSchema }),
  'control:renameSpace': nothing,
  'control:closeSpace': moved,
  'control:broadcast': nothing,
  'control:setTimer': nothing,
  'control:answerKnock': nothing,
  'control:setLobbyMessage': nothing,
  'control:updateSettings': nothing,
  'control:planAssignment': nothing,
  'control:auditLog': z.object({ entries: z.array(auditEntrySchema) }),
  'control:remove': nothing,
  'control:renameParticipant': nothing,
  'control:answerNameProposal': nothing,
  'control:endSession': nothing,
  'control:bind': nothing,
} as const satisfies { [N in RequestName]: z.ZodType<unknown> };
/** The shape of every ack: typed success with `data`, or a typed error. */
export const resultSchema = <T extends z.ZodType>(data: T) =>
  z.discriminatedUnion('ok', [z.object({ ok: z.literal(true), data }).strict(), z.object({ ok: z.literal(false), error: appErrorSchema.strict() }).strict()]);

/** Any ack, whatever its data (for requests the sender does not name, such as bad input). */
export const anyResultSchema = resultSchema(z.unknown());

// Each schema's output must be assignable to the typed ack data, and the other way round.
type SameAs<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const _responsesMatch: { [N in RequestName]: SameAs<z.output<(typeof responseSchemas)[N]>, ResponseData[N]> extends true ? true : N } = {} as { [N in RequestName]: true };
void _responsesMatch;

const newConsumerSchema = z.object({
  consumerId: z.string(),
  producerId: z.string(),
  participantId: idSchema,
  kind: z.enum(['audio', 'video']),
  source: mediaSourceSchema,
  rtpParameters: z.unknown(),
  producerPaused: z.boolean(),
  /** An interpreter's microphone: the interpretation channel (tagged by the server from the
   * producer's role, never by the client); listeners choose it or the original. */
  interpretation: z.boolean().optional(),
});

/** Server→client notifications. */
export const notificationSchemas = {
  /** Full projected room state, sent whenever anything the viewer may see changes. */
  'room:state': roomViewSchema,
  'media:newConsumer': newConsumerSchema,
  /** Every consumer change a move or a join makes for this viewer, in one message: `closed` first
   * (the server closed them before anything of the new space was created), then `created` (paused
   * until the client resumes them, all at once, with `media:resumeConsumers`). */
  'media:consumers': z.object({ closed: z.array(z.string()), created: z.array(newConsumerSchema) }),
  'media:consumerClosed': z.object({ consumerId: z.string() }),
  'media:consumerPaused': z.object({ consumerId: z.string() }),
  'media:consumerResumed': z.object({ consumerId: z.string() }),
  /** Active speakers in the viewer's own space. */
  'media:speaking': z.object({ participantIds: z.array(idSchema) }),
  'chat:message': chatMessageSchema,
  /** A live caption line from a captioner in the recipient's own space (egress: 'captions'). */
  'caption:line': captionLineSchema,
  'typing:update': z.object({ participantId: idSchema, active: z.boolean() }),
  'broadcast:message': z.object({ text: z.string(), fromName: z.string(), at: z.number(), to: z.string() }),
  'knock:answered': z.object({ knockId: z.string(), reply: z.string().nullable(), byName: z.string() }),
  'timer:expired': z.object({ space: spaceIdSchema, label: z.string().nullable() }),
  /** Someone on the recipient's own side scored an option on a board the recipient can see
   * (sent only to that side's members, one by one through egress; never to mediators). */
  'board:scored': sideScoreSchema,
  /** Something in the agreement changed that the recipient may read (sent through egress with the
   * material's own audience: joint readers for the joint agreement, the caucus and the mediators
   * for a caucus proposal). Content-free on purpose: a hint to refetch the caller-filtered HTTP
   * state, never the change itself. */
  /** The session's stage moved (the stage tracker): a public fact, the same for everyone. */
  'stage:changed': z.object({ sessionId: idSchema, stage: sessionStageSchema, at: z.number() }).strict(),
  /** The mediator remade the session's room plan: content-free, so each reader refetches what their
   * own link may read (the whole plan for mediators; their arrival and the session's stop otherwise). */
  'plan:changed': z.object({ sessionId: idSchema, at: z.number() }).strict(),
  'agreement:changed': z.object({ sessionId: idSchema, what: z.enum(['text', 'suggestions', 'threads', 'versions', 'frozen', 'signoffs', 'fully-signed', 'proposals']), at: z.number() }).strict(),
  /** This connection is closed by the server; `reason` says why, for the page to explain. */
  'session:closed': z.object({ reason: z.enum(['replaced', 'removed', 'ended', 'revoked', 'linkReplaced']), message: z.string() }),
} as const;
export type NotificationName = keyof typeof notificationSchemas;
export type NotificationPayload<N extends NotificationName> = z.infer<(typeof notificationSchemas)[N]>;
/** What part of the agreement an `agreement:changed` hint is about. */
export type AgreementChange = NotificationPayload<'agreement:changed'>['what'];

export type ServerToClientEvents = { [N in NotificationName]: (payload: NotificationPayload<N>) => void };
export type ClientToServerEvents = { [N in RequestName]: (payload: RequestPayload<N>, ack: Ack<N>) => void };

export { sessionSettingsSchema };
