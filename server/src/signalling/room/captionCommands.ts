/** Live captions (CART): a captioner's line goes to their space through egress ('captions'). */
import { ok, type RequestName } from '@mediation/shared';
import type { HandlerTable } from './commandTypes.js';

type CaptionRequest = Extract<RequestName, `caption:${string}`>;

export const captionCommands: HandlerTable<CaptionRequest> = {
  'caption:send': ({ room, person }, { text, space }) => {
    const r = room.state.caption(person.id, text, space);
    if (!r.ok) return r;
    // Not audited: an audit entry would keep what the session chose not to keep.
    room.sendToAll('caption:line', r.data.line, r.data.audience);
    return ok({ line: r.data.line });
  },

  'caption:history': ({ room, person }) => ok({ lines: room.state.captionHistoryFor(person.id) }),
};
