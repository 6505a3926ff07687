/**
 * A CPU profile of one page (V8's sampler every 250 us, through CDP), for the benches' diagnostic
 * options (MOVE_BENCH_CPU_PROFILE, JOIN_BENCH_CPU_PROFILE). DevTools' Performance panel reads the
 * file; build the client with `vite build --minify false` for readable names.
 */
import fs from 'node:fs';
import type { Person } from '../helpers/browser.js';

export async function startCpuProfile(person: Person): Promise<{ stopInto(file: string, extra: Record<string, number>): Promise<void> }> {
  const cdp = await person.context.newCDPSession(person.page);
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 250 });
  await cdp.send('Profiler.start');
  return {
    async stopInto(file, extra) {
      const { profile } = await cdp.send('Profiler.stop');
      fs.writeFileSync(file, JSON.stringify({ ...profile, ...extra }));
      await cdp.detach();
    },
  };
}
