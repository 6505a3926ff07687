/** Every store contract against the SQLite backend, a fresh temporary data directory per test. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { storesContract, type BackendInstance } from '../contract/index.js';
import type { Stores } from '../types.js';
import { openSqliteStores } from './index.js';

async function sqliteBackend(): Promise<BackendInstance> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'stores-contract-'));
  let current: Stores = await openSqliteStores(dir);
  return {
    get stores() {
      return current;
    },
    async reopen() {
      await current.close();
      current = await openSqliteStores(dir);
      return current;
    },
    async cleanup() {
      await current.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

storesContract(sqliteBackend);
