/** GenerationStore contract: caucus generations, their audience and use. */
import { expect, it } from 'vitest';
import { uid, storeSuite, type BackendFactory } from './harness.js';

export function generationStoreContract(factory: BackendFactory): void {
  storeSuite('GenerationStore', factory, (backend) => {
    it('lists a caucus\'s generations in number order with their audience and use', async () => {
      const { stores } = await backend();
      const s = uid('sess');
      const g2 = { sessionId: s, space: 'caucus:aaaa1', number: 2, audience: [], used: false };
      const g1 = { sessionId: s, space: 'caucus:aaaa1', number: 1, audience: [], used: false };
      await stores.generations.add(g1, 10);
      await stores.generations.add(g2, 20);
      await stores.generations.save({ ...g1, audience: ['side:Claimant', 'person:oli_000001'], used: true });
      expect(await stores.generations.list(s, 'caucus:aaaa1')).toEqual([{ ...g1, audience: ['side:Claimant', 'person:oli_000001'], used: true }, g2]);
      expect(await stores.generations.list(s, 'caucus:bbbb2')).toEqual([]);
      expect(await stores.generations.list(uid('sess'), 'caucus:aaaa1')).toEqual([]);
    });

    it('refuses a generation number that exists, keeping the stored one', async () => {
      const { stores } = await backend();
      const s = uid('sess');
      const g1 = { sessionId: s, space: 'caucus:aaaa1', number: 1, audience: ['side:Claimant'], used: true };
      await stores.generations.add(g1, 10);
      await expect(stores.generations.add({ ...g1, audience: [], used: false }, 20)).rejects.toThrow();
      expect(await stores.generations.list(s, 'caucus:aaaa1')).toEqual([g1]);
    });

    it('keeps generations across a reopen', async () => {
      const b = await backend();
      const s = uid('sess');
      const g1 = { sessionId: s, space: 'caucus:aaaa1', number: 1, audience: ['side:Claimant'], used: true };
      await b.stores.generations.add(g1, 10);
      const again = await b.reopen();
      expect(await again.generations.list(s, 'caucus:aaaa1')).toEqual([g1]);
    });
  });
}
