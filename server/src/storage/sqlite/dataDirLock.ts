/**
 * One server process per DATA_DIR. The Yjs update journal (updateJournal.ts) hands out sequence
 * numbers from memory and empties itself after moving its records into the database: two
 * processes on one journal would overwrite each other's records and reuse each other's numbers
 * (as two writers would corrupt what SQLite's state means to each). So the data directory is
 * locked while a server uses it, and a second server on it stops at start with a line naming the
 * process that holds it.
 *
 * The lock is a file created exclusively ('wx') that holds the owner's pid. It is removed when
 * the stores close. A process killed with -9 leaves it behind: a lock whose pid is no longer
 * running (or is this process's own pid without this process holding it: a container restarted
 * with the same pid) is stale and taken over. The operating system's advisory locks would be
 * released by the kernel on death, but Node has no API for them.
 */
import fs from 'node:fs';
import path from 'node:path';
import { StartupError } from '../../config.js';

export const DATA_DIR_LOCK_FILE = 'server.lock';

/** The directories this process holds (a second open in the same process is refused too). */
const held = new Set<string>();

export interface DataDirLock {
  /** Removes the lock file (if it is still ours). Idempotent. */
  release(): void;
}

function running(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM: it exists, owned by someone else.
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function readPid(file: string): number | null {
  try {
    const pid = Number.parseInt(fs.readFileSync(file, 'utf8').trim(), 10);
    return Number.isInteger(pid) && pid > 0 ? pid : null;
  } catch {
    return null;
  }
}

/**
 * Takes the lock of `dataDir` (which must exist), or throws a StartupError naming the process
 * that holds it. Other failures (a read-only directory, a file in the way) are thrown as they
 * are: opening the database reports those with its own message.
 */
export function lockDataDir(dataDir: string): DataDirLock {
  const file = path.join(dataDir, DATA_DIR_LOCK_FILE);
  const key = path.resolve(dataDir);
  const inUse = (pid: number | null) =>
    new StartupError(`DATA_DIR ${dataDir} is in use by another server process (${pid === null ? 'pid unknown' : `pid ${pid}`}): one server per data directory. Stop it or set DATA_DIR elsewhere; if no server is running, remove ${file}.`);
  if (held.has(key)) throw inUse(process.pid);
  for (let attempt = 0; ; attempt++) {
    try {
      fs.writeFileSync(file, `${process.pid}\n`, { flag: 'wx', mode: 0o600 });
      break;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
    const pid = readPid(file);
    // Taken over once at most: if another server took it in between, it is theirs.
    if (attempt > 0 || !stale(file, pid)) throw inUse(pid);
    fs.rmSync(file, { force: true });
  }
  held.add(key);
  let released = false;
  return {
    release() {
      if (released) return;
      released = true;
      held.delete(key);
      if (readPid(file) === process.pid) fs.rmSync(file, { force: true });
    },
  };
}

/** A lock left by a process that is gone. An empty file is a lock being written right now (its
 * owner has created it and not yet written its pid), unless it has been empty for a while. */
function stale(file: string, pid: number | null): boolean {
  if (pid === null) {
    try {
      return Date.now() - fs.statSync(file).mtimeMs > 2_000;
    } catch {
      return true;
    }
  }
  return pid === process.pid || !running(pid);
}
