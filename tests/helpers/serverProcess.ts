/**
 * The real server as its own process (`src/main.ts`, as `npm start` runs it), for tests that kill
 * it with SIGKILL and for benchmarks that read its CPU time apart from the load generator's.
 * `node --import tsx` runs it directly (no pnpm or tsx wrapper process), so `pid` is the server.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const serverDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../server');

export interface ServerProcess {
  child: ChildProcess;
  url: string;
  pid: number;
  /** User + system CPU seconds the server process has used so far (Linux /proc). */
  cpuSeconds(): number;
  /** SIGKILL: no shutdown hook runs. */
  kill9(): Promise<void>;
  /** SIGTERM and wait for the exit. */
  stop(): Promise<void>;
}

/** Starts the server with DATA_DIR `dataDir` on a free loopback port; extra `env` on top;
 * `imports`: modules loaded into the server process first (a bench's instrumentation). */
export function startServerProcess(dataDir: string, env: NodeJS.ProcessEnv = {}, imports: string[] = []): Promise<ServerProcess> {
  const { PUBLIC_URL: _ignored, ...inherited } = process.env;
  const child = spawn(process.execPath, ['--import', 'tsx', ...imports.flatMap((m) => ['--import', m]), 'src/main.ts'], {
    cwd: serverDir,
    // No metrics listener unless a test asks: its default port is fixed (9464), and two server
    // processes (two test files, or another server on the machine) would collide on it.
    env: { ...inherited, DATA_DIR: dataDir, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'warn', METRICS_PORT: 'off', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return new Promise((resolve, reject) => {
    let out = '';
    const t = setTimeout(() => reject(new Error(`server did not start: ${out}`)), 60_000);
    const onExit = (code: number | null) => reject(new Error(`server exited ${code}: ${out}`));
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /Open (http:\/\/\S+)/.exec(out);
      if (!m) return;
      clearTimeout(t);
      child.off('exit', onExit);
      const exited = new Promise<void>((r) => (child.exitCode !== null || child.signalCode !== null ? r() : child.once('exit', () => r())));
      resolve({
        child,
        url: m[1]!,
        pid: child.pid!,
        cpuSeconds: () => cpuSecondsOf(child.pid!),
        async kill9() {
          if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
          await exited;
        },
        async stop() {
          if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
          await exited;
        },
      });
    });
    child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
    child.once('exit', onExit);
  });
}

/** utime + stime of a process, in seconds (fields 14 and 15 of /proc/<pid>/stat, in clock ticks). */
export function cpuSecondsOf(pid: number): number {
  const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
  // The command name (field 2) may contain spaces; the fields after it start past the last ')'.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const ticks = Number(fields[11]) + Number(fields[12]);
  return ticks / 100; // USER_HZ is 100 on Linux
}
