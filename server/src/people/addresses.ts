/**
 * Where after-session email goes for each person of a session: the address they confirmed in the
 * room (the follow-up panel), else their case person's address (unconfirmed), and for mediators
 * their account's. Policy over the stores, shared by the follow-up and survey features (neither
 * imports the other, nor the practice feature).
 */
import type { AppContext } from '../contracts.js';

export interface Address {
  email: string;
  confirmed: boolean;
}

export async function sessionAddresses(ctx: Pick<AppContext, 'stores'>, sessionId: string): Promise<Map<string, Address>> {
  const out = new Map<string, Address>();
  const sc = await ctx.stores.followup.plans.sessionCase(sessionId);
  if (sc) {
    const cs = await ctx.stores.practice.cases.getSession(sc.caseId, sessionId);
    const people = new Map((await ctx.stores.practice.cases.listPeople(sc.caseId)).map((p) => [p.id, p]));
    for (const inv of cs?.invitees ?? []) {
      const email = people.get(inv.personId)?.email;
      if (email) out.set(inv.participantId, { email, confirmed: false });
    }
    for (const m of cs?.mediators ?? []) {
      const account = await ctx.stores.practice.accounts.getMediator(m.mediatorId);
      if (account) out.set(m.participantId, { email: account.email, confirmed: true });
    }
  }
  for (const e of await ctx.stores.followup.plans.listEmails(sessionId)) out.set(e.participantId, { email: e.email, confirmed: true });
  return out;
}
