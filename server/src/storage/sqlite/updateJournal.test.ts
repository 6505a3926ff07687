import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { StartupError } from '../../config.js';
import { DATA_DIR_LOCK_FILE } from './dataDirLock.js';
import { openSqliteStores, YJS_JOURNAL_FILE } from './index.js';
import { decodeRecords, encodeRecord, encodeRecords, journalName, UpdateJournal, type JournalRecord } from './updateJournal.js';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});
function tmpDir(): string {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), 'yjs-journal-'));
  dirs.push(d);
  return d;
}
const rec = (seq: number, doc: string, ...bytes: number[]): JournalRecord => ({ seq, doc, update: Uint8Array.from(bytes) });
const plain = (rs: JournalRecord[]) => rs.map((r) => ({ seq: r.seq, doc: r.doc, update: [...r.update] }));

describe('the Yjs update journal', () => {
  it('reads back what it wrote, byte for byte, names with any characters included', () => {
    const records = [rec(1, 'sess_a/board/joint', 1, 2, 3), rec(2, 'sess_b/draft/caucus:é✓', 0, 0), rec(3, 'x', ...Array.from({ length: 300 }, (_, i) => i % 256))];
    expect(plain(decodeRecords(encodeRecords(records)))).toEqual(plain(records));
  });

  it('stops at a torn or corrupted record: what comes before it is kept, nothing after it is guessed', () => {
    const good = encodeRecords([rec(1, 'd', 1), rec(2, 'd', 2)]);
    const third = encodeRecords([rec(3, 'd', 3, 3, 3)]);
    // Torn: the third record cut short (a crash in the middle of a write).
    expect(decodeRecords(Buffer.concat([good, third.subarray(0, third.length - 2)])).map((r) => r.seq)).toEqual([1, 2]);
    // Corrupt: one byte of the third record's update changed (its checksum no longer matches).
    const bad = Buffer.from(third);
    bad.writeUInt8(bad.readUInt8(bad.length - 1) ^ 0xff, bad.length - 1);
    expect(decodeRecords(Buffer.concat([good, bad, encodeRecords([rec(4, 'd', 4)])])).map((r) => r.seq)).toEqual([1, 2]);
    // Zeros (a file extended by the system but never written) are not records.
    expect(decodeRecords(Buffer.concat([good, Buffer.alloc(64)])).map((r) => r.seq)).toEqual([1, 2]);
  });

  it('writes a lone record (the edit\'s path) exactly as a batch of one', () => {
    for (const r of [rec(7, 'sess_a/board/joint', 1, 2, 3), rec(2 ** 40 + 3, 'caucus:é✓', ...Array.from({ length: 70_000 }, (_, i) => i % 251)), rec(1, 'x')]) {
      expect(Buffer.compare(encodeRecord(r.seq, journalName(r.doc), r.update), encodeRecords([r]))).toBe(0);
    }
    const file = path.join(tmpDir(), 'j.log');
    const { journal } = UpdateJournal.open(file);
    journal.appendOne(1, journalName('d'), Uint8Array.from([1]));
    journal.append([rec(2, 'e', 2)]);
    journal.appendOne(3, journalName('d'), Uint8Array.from([3, 3]));
    journal.close();
    expect(plain(decodeRecords(fs.readFileSync(file)))).toEqual(plain([rec(1, 'd', 1), rec(2, 'e', 2), rec(3, 'd', 3, 3)]));
  });

  it('appends with one write and empties on reset', () => {
    const file = path.join(tmpDir(), 'j.log');
    const { journal, recovered } = UpdateJournal.open(file);
    expect(recovered).toEqual([]);
    journal.append([rec(1, 'd', 1), rec(2, 'e', 2)]);
    journal.append([rec(3, 'd', 3)]);
    expect(decodeRecords(fs.readFileSync(file)).map((r) => r.seq)).toEqual([1, 2, 3]);
    expect(journal.bytes).toBe(fs.statSync(file).size);
    journal.reset();
    expect(fs.statSync(file).size).toBe(0);
    journal.append([rec(4, 'd', 4)]);
    journal.close();
    expect(plain(UpdateJournal.open(file).recovered)).toEqual(plain([rec(4, 'd', 4)]));
  });
});

describe('the SQLite document store with its journal', () => {
  it('an appended update is in the journal when append returns, and in the table shortly after', async () => {
    const dir = tmpDir();
    const stores = await openSqliteStores(dir);
    const seq = await stores.documents.append('s1/board/joint', Uint8Array.from([9, 9]));
    expect(decodeRecords(fs.readFileSync(path.join(dir, YJS_JOURNAL_FILE))).map((r) => r.seq)).toEqual([seq]);
    // Every read sees it, whether or not it has moved yet.
    expect((await stores.documents.load('s1/board/joint')).updates.map((u) => u.seq)).toEqual([seq]);
    expect(fs.statSync(path.join(dir, YJS_JOURNAL_FILE)).size).toBe(0);
    await stores.close();
  });

  it('replays at open what a crash left in the journal, once, ignoring a torn tail, and numbers on after it', async () => {
    const dir = tmpDir();
    const doc = 's1/board/joint';
    let stores = await openSqliteStores(dir);
    const first = await stores.documents.append(doc, Uint8Array.from([1]));
    await stores.close();
    // As if the process died after journalling two more updates and before moving them: the
    // journal also still holds the first one (moved already: must not be stored twice) and half
    // of a fourth.
    const torn = encodeRecords([rec(first + 3, doc, 4)]);
    fs.writeFileSync(path.join(dir, YJS_JOURNAL_FILE), Buffer.concat([
      encodeRecords([rec(first, doc, 1), rec(first + 1, doc, 2), rec(first + 2, 'other/board/joint', 3)]),
      torn.subarray(0, torn.length - 1),
    ]));
    stores = await openSqliteStores(dir);
    expect((await stores.documents.load(doc)).updates.map((u) => [u.seq, [...u.data]])).toEqual([[first, [1]], [first + 1, [2]]]);
    expect((await stores.documents.load('other/board/joint')).updates.map((u) => u.seq)).toEqual([first + 2]);
    expect(fs.statSync(path.join(dir, YJS_JOURNAL_FILE)).size).toBe(0);
    expect(await stores.documents.append(doc, Uint8Array.from([5]))).toBe(first + 3);
    await stores.close();
  });

  it('never reuses a sequence number after the log was compacted away and the server restarted', async () => {
    const dir = tmpDir();
    const doc = 's1/board/joint';
    let stores = await openSqliteStores(dir);
    const a = await stores.documents.append(doc, Uint8Array.from([1]));
    const b = await stores.documents.append(doc, Uint8Array.from([2]));
    await stores.documents.compact(doc, Uint8Array.from([0, 0]), b);
    expect(await stores.documents.pendingUpdates(doc)).toBe(0);
    await stores.close();
    stores = await openSqliteStores(dir);
    expect(await stores.documents.append(doc, Uint8Array.from([3]))).toBeGreaterThan(Math.max(a, b));
    await stores.close();
  });
});

describe('one server per data directory', () => {
  it('refuses a second opening of a DATA_DIR in use, naming the process; the directory is free again once closed', async () => {
    const dir = tmpDir();
    const first = await openSqliteStores(dir);
    expect(fs.readFileSync(path.join(dir, DATA_DIR_LOCK_FILE), 'utf8').trim()).toBe(String(process.pid));
    // Same process (a second server in this process) and another live process alike.
    await expect(openSqliteStores(dir)).rejects.toThrow(StartupError);
    await expect(openSqliteStores(dir)).rejects.toThrow(new RegExp(`DATA_DIR ${dir} is in use by another server process \\(pid ${process.pid}\\)`));
    const other = spawnSync(process.execPath, ['-e', `
      const { openSqliteStores } = await import(${JSON.stringify(path.resolve(import.meta.dirname, 'index.ts'))});
      await openSqliteStores(${JSON.stringify(dir)}).then(() => console.log('opened'), (e) => console.log(e.constructor.name + ': ' + e.message));
    `], { encoding: 'utf8', env: { ...process.env, NODE_OPTIONS: '--import tsx' }, input: '' });
    expect(other.stdout.trim()).toBe(`StartupError: DATA_DIR ${dir} is in use by another server process (pid ${process.pid}): one server per data directory. Stop it or set DATA_DIR elsewhere; if no server is running, remove ${path.join(dir, DATA_DIR_LOCK_FILE)}.`);
    // The refused attempts touched nothing: the first still works and still holds the lock.
    const seq = await first.documents.append('s/board/joint', Uint8Array.from([1]));
    expect((await first.documents.load('s/board/joint')).updates.map((u) => u.seq)).toEqual([seq]);
    await first.close();
    expect(fs.existsSync(path.join(dir, DATA_DIR_LOCK_FILE))).toBe(false);
    const again = await openSqliteStores(dir);
    await again.close();
    // The second process compiles the stores with tsx: over vitest's 5 s on a loaded machine.
  }, 30_000);

  it('takes over a lock left by a process that died (kill -9 leaves the file behind)', async () => {
    const dir = tmpDir();
    const dead = spawnSync(process.execPath, ['-e', 'console.log(process.pid)'], { encoding: 'utf8' });
    const deadPid = Number(dead.stdout.trim());
    fs.writeFileSync(path.join(dir, DATA_DIR_LOCK_FILE), `${deadPid}\n`);
    const stores = await openSqliteStores(dir);
    expect(fs.readFileSync(path.join(dir, DATA_DIR_LOCK_FILE), 'utf8').trim()).toBe(String(process.pid));
    await stores.close();
  });

  it('lets the cluster\'s shared-SQLite trial open one directory twice: no lock, no journal, distinct sequence numbers', async () => {
    const dir = tmpDir();
    const a = await openSqliteStores(dir, { shared: true });
    const b = await openSqliteStores(dir, { shared: true });
    const seqs = [await a.documents.append('s/board/joint', Uint8Array.from([1])), await b.documents.append('s/board/joint', Uint8Array.from([2])), await a.documents.append('s/board/joint', Uint8Array.from([3]))];
    expect(new Set(seqs).size).toBe(3);
    expect((await b.documents.load('s/board/joint')).updates.map((u) => [...u.data])).toEqual([[1], [2], [3]]);
    expect(fs.existsSync(path.join(dir, DATA_DIR_LOCK_FILE))).toBe(false);
    expect(fs.existsSync(path.join(dir, YJS_JOURNAL_FILE))).toBe(false);
    await a.close();
    await b.close();
  });
});
