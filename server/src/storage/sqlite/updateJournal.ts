/**
 * The Yjs update journal: an append-only file beside the SQLite database where an update becomes
 * durable with ONE `write` system call, before anyone is sent it.
 *
 * Why: an SQLite commit in WAL mode costs about a dozen system calls (shared-memory locks, a
 * frame header and a page for the table, its index and `sqlite_sequence`), ~0.15 ms on this kind
 * of machine when the edit arrives on a cold path, and that sat between receiving an edit and
 * broadcasting it. The journal takes one call. The document store moves journalled updates into
 * `yjs_updates` a moment later, off the edit's path, in one transaction, then empties the journal
 * (documents.ts); opening the store replays whatever a crash left here.
 *
 * Durability kept: the same as the database's `synchronous = NORMAL` in WAL mode. A returned
 * `append` is in the operating system's page cache, so it survives the process dying (kill -9,
 * a crash); like an SQLite NORMAL commit, it is not fsync'ed, so a power loss or kernel crash can
 * lose the last moments. A record torn by such a crash is recognised by its checksum and ignored
 * with everything after it.
 *
 * One process per journal: sequence numbers are handed out from memory and `reset` empties the
 * file after each move, so a second process appending to the same file would lose or duplicate
 * records. The journal itself takes no file lock; the data directory is locked at start
 * (dataDirLock.ts: a second server on it stops with a message naming the holder's pid).
 *
 * Record: u32 body length, u32 CRC-32 of the body, then the body: f64 seq, u16 document name
 * length, the name (UTF-8), the update bytes. Little-endian.
 */
import fs from 'node:fs';
import { crc32 } from 'node:zlib';

export interface JournalRecord {
  seq: number;
  doc: string;
  update: Uint8Array;
}

const HEADER = 8;
const BODY_FIXED = 8 + 2;

/** A document's name as the journal stores it. Encoded once per document by the store (not per
 * edit: the edit's path pays only for copying it). */
export function journalName(doc: string): Buffer {
  const name = Buffer.from(doc, 'utf8');
  if (name.length > 0xffff) throw new Error('document name too long for the journal');
  return name;
}

/** Writes one record at `at` in `out` (which has room for it); returns where the next one starts.
 * Plain byte stores and `set` only: this runs on every edit's path, once every few milliseconds,
 * when nothing of it is in the CPU's caches, and each call into Buffer's helpers costs more then
 * than the bytes they write. */
function putRecord(out: Buffer, at: number, seq: number, name: Uint8Array, update: Uint8Array): number {
  const body = at + HEADER;
  const bodyLen = BODY_FIXED + name.length + update.length;
  if (LITTLE_ENDIAN) {
    SEQ[0] = seq;
    out.set(SEQ_BYTES, body);
  } else {
    out.writeDoubleLE(seq, body);
  }
  out[body + 8] = name.length & 0xff;
  out[body + 9] = name.length >>> 8;
  out.set(name, body + BODY_FIXED);
  out.set(update, body + BODY_FIXED + name.length);
  putU32(out, at, bodyLen);
  putU32(out, at + 4, crc32(out.subarray(body, body + bodyLen)));
  return body + bodyLen;
}

const SEQ = new Float64Array(1);
const SEQ_BYTES = new Uint8Array(SEQ.buffer);
const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

function putU32(out: Buffer, at: number, n: number): void {
  out[at] = n & 0xff;
  out[at + 1] = (n >>> 8) & 0xff;
  out[at + 2] = (n >>> 16) & 0xff;
  out[at + 3] = n >>> 24;
}

/** One record in a buffer of its own (the edit's path: see `UpdateJournal.appendOne`). */
export function encodeRecord(seq: number, name: Uint8Array, update: Uint8Array): Buffer {
  const out = Buffer.allocUnsafe(HEADER + BODY_FIXED + name.length + update.length);
  putRecord(out, 0, seq, name, update);
  return out;
}

/** Encodes records into one buffer, so a batch is one write. */
export function encodeRecords(records: ReadonlyArray<JournalRecord>): Buffer {
  const names = records.map((r) => journalName(r.doc));
  let total = 0;
  for (let i = 0; i < records.length; i++) total += HEADER + BODY_FIXED + names[i]!.length + records[i]!.update.length;
  const out = Buffer.allocUnsafe(total);
  let at = 0;
  for (let i = 0; i < records.length; i++) at = putRecord(out, at, records[i]!.seq, names[i]!, records[i]!.update);
  return out;
}

/** Reads whole, intact records from the start; stops at the first torn or corrupt one. */
export function decodeRecords(bytes: Buffer): JournalRecord[] {
  const out: JournalRecord[] = [];
  let at = 0;
  while (at + HEADER <= bytes.length) {
    const bodyLen = bytes.readUInt32LE(at);
    const body = at + HEADER;
    if (bodyLen < BODY_FIXED || body + bodyLen > bytes.length) break;
    if (crc32(bytes.subarray(body, body + bodyLen)) !== bytes.readUInt32LE(at + 4)) break;
    const nameLen = bytes.readUInt16LE(body + 8);
    if (BODY_FIXED + nameLen > bodyLen) break;
    const seq = bytes.readDoubleLE(body);
    const doc = bytes.toString('utf8', body + BODY_FIXED, body + BODY_FIXED + nameLen);
    // A copy: the caller keeps it after the file buffer is gone.
    const update = Uint8Array.prototype.slice.call(bytes, body + BODY_FIXED + nameLen, body + bodyLen);
    out.push({ seq, doc, update });
    at = body + bodyLen;
  }
  return out;
}

export class UpdateJournal {
  private fd: number;
  /** Bytes of whole records in the file: a failed write is cut back to this, so a torn record
   * never hides the records appended after it. */
  private size: number;

  private constructor(private readonly file: string, fd: number, size: number) {
    this.fd = fd;
    this.size = size;
  }

  /** Opens (creating) the journal and returns what it holds from before (a crash). */
  static open(file: string): { journal: UpdateJournal; recovered: JournalRecord[] } {
    const fd = fs.openSync(file, fs.constants.O_RDWR | fs.constants.O_CREAT | fs.constants.O_APPEND, 0o600);
    const recovered = decodeRecords(fs.readFileSync(fd));
    return { journal: new UpdateJournal(file, fd, fs.fstatSync(fd).size), recovered };
  }

  /** Makes the records durable (see above) with one write; throws, leaving the file as it was,
   * if that fails. */
  append(records: ReadonlyArray<JournalRecord>): void {
    this.write(encodeRecords(records));
  }

  /** `append` of one record whose document name is already encoded (`journalName`): the edit's
   * path, with nothing allocated but the record's bytes. */
  appendOne(seq: number, name: Uint8Array, update: Uint8Array): void {
    this.write(encodeRecord(seq, name, update));
  }

  private write(buf: Buffer): void {
    try {
      let written = 0;
      while (written < buf.length) written += fs.writeSync(this.fd, buf, written);
    } catch (err) {
      // Disk full or an I/O error part way: cut the partial record off (or stop accepting writes,
      // since what follows a torn record would be unreadable at recovery).
      try {
        fs.ftruncateSync(this.fd, this.size);
      } catch {
        this.fd = -1;
      }
      throw err;
    }
    this.size += buf.length;
  }

  /** Everything in it is in the database now: start empty. */
  reset(): void {
    fs.ftruncateSync(this.fd, 0);
    this.size = 0;
  }

  get bytes(): number {
    return this.size;
  }

  close(): void {
    if (this.fd >= 0) fs.closeSync(this.fd);
    this.fd = -1;
  }

  toString(): string {
    return `UpdateJournal(${this.file})`;
  }
}
