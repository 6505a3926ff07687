import type { ParsedRequest, RequestName, ResponseData, Result } from '@mediation/shared';
import type { Member, Room } from './room.js';
import type { RoomPerson } from './roomState.js';

/** Who is asking, resolved by the dispatcher before any handler runs. */
export interface CommandContext {
  room: Room;
  member: Member;
  person: RoomPerson;
}

export type Handler<N extends RequestName> = (c: CommandContext, payload: ParsedRequest<N>) => Promise<Result<ResponseData[N]>> | Result<ResponseData[N]>;

export type HandlerTable<K extends RequestName> = { [N in K]: Handler<N> };
