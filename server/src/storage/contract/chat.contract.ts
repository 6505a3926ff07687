/** ChatStore contract: messages kept in the order written, with their readers, per session. */
import { expect, it } from 'vitest';
import type { ChatMessage } from '@mediation/shared';
import { uid, storeSuite, type BackendFactory } from './harness.js';

const message = (id: string, thread: string, text: string, at: number): ChatMessage => ({
  id, thread, fromId: 'mediator01', fromName: 'Maria Mediator', fromRole: 'mediator', text, at,
});

export function chatStoreContract(factory: BackendFactory): void {
  storeSuite('ChatStore', factory, (backend) => {
    it('gives back each message with its readers, in the order written (not by clock), and keeps the first of a repeated id', async () => {
      const { stores } = await backend();
      const s = uid('sess');
      const a = message(crypto.randomUUID(), 'joint', 'Welcome, everyone', 20);
      const b = message(crypto.randomUUID(), 'caucus:aaaa1', 'Only for the claimant side', 10);
      await stores.chat.append(s, { message: a, readers: ['med', 'ana', 'ben'] });
      await stores.chat.append(s, { message: b, readers: ['med', 'ana'] });
      await stores.chat.append(s, { message: { ...a, text: 'rewritten' }, readers: ['med'] });
      expect(await stores.chat.recent(s, 100)).toEqual([
        { message: a, readers: ['med', 'ana', 'ben'] },
        { message: b, readers: ['med', 'ana'] },
      ]);
    });

    it('keeps sessions apart, gives the newest when limited, and keeps messages across a reopen', async () => {
      const b = await backend();
      const s = uid('sess');
      const sent = [1, 2, 3].map((n) => message(crypto.randomUUID(), 'joint', `message ${n}`, n));
      for (const m of sent) await b.stores.chat.append(s, { message: m, readers: ['med'] });
      expect(await b.stores.chat.recent(uid('sess'), 10)).toEqual([]);
      expect((await b.stores.chat.recent(s, 2)).map((e) => e.message.text)).toEqual(['message 2', 'message 3']);
      const again = await b.reopen();
      expect((await again.chat.recent(s, 10)).map((e) => e.message.text)).toEqual(['message 1', 'message 2', 'message 3']);
    });

    it('forgets one session\'s chat, and only that session\'s', async () => {
      const { stores } = await backend();
      const [s, other] = [uid('sess'), uid('sess')];
      await stores.chat.append(s, { message: message(crypto.randomUUID(), 'joint', 'said', 1), readers: ['med'] });
      await stores.chat.append(other, { message: message(crypto.randomUUID(), 'joint', 'kept', 1), readers: ['med'] });
      await stores.chat.forget(s);
      expect(await stores.chat.recent(s, 10)).toEqual([]);
      expect((await stores.chat.recent(other, 10)).map((e) => e.message.text)).toEqual(['kept']);
    });
  });
}
