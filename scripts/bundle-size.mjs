#!/usr/bin/env node
/**
 * What a person downloads, from the built client's Vite manifest (client/dist/.vite/manifest.json),
 * gzip-compressed as a server would send it:
 *   join   opening an invite link: the entry chunk, what it imports statically, their CSS
 *          (everything the browser needs to show the camera preview);
 *   room   what is added before the first video frame: the room page and mediasoup-client
 *          (fetched while the preview shows) with what they import that the join did not;
 *   later  what the room fetches after it shows video: the board, the agreement editor (Tiptap)
 *          and the mediators' control tower.
 * Usage: node scripts/bundle-size.mjs [distDir] [--label before|after] [--out bench/results/bundle.json]
 * With --label, the result is stored under that label in the output file (other labels kept), so a
 * "before" build and an "after" build can sit side by side.
 */
import { existsSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const opt = (name, fallback) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : fallback;
};
const dist = path.resolve(args[0] && !args[0].startsWith('--') ? args[0] : path.join(root, 'client/dist'));
const label = opt('--label', 'current');
const out = path.resolve(root, opt('--out', 'bench/results/bundle.json'));

const manifestFile = path.join(dist, '.vite/manifest.json');
if (!existsSync(manifestFile)) {
  console.error(`No ${manifestFile}: build the client first (pnpm --filter @mediation/client run build; vite.config.ts has build.manifest).`);
  process.exit(2);
}
const manifest = JSON.parse(readFileSync(manifestFile, 'utf8'));

/** Every chunk a key pulls in statically (itself included), and the CSS files of those chunks. */
function closure(keys, seen = new Set()) {
  const stack = [...keys];
  while (stack.length) {
    const k = stack.pop();
    if (seen.has(k) || !manifest[k]) continue;
    seen.add(k);
    for (const i of manifest[k].imports ?? []) stack.push(i);
  }
  return seen;
}
const filesOf = (keys) => {
  const js = new Set();
  const css = new Set();
  for (const k of keys) {
    js.add(manifest[k].file);
    for (const c of manifest[k].css ?? []) css.add(c);
  }
  return { js, css };
};
const sizes = (files) => {
  let raw = 0;
  let gzip = 0;
  for (const f of files) {
    const buf = readFileSync(path.join(dist, f));
    raw += buf.length;
    gzip += gzipSync(buf, { level: 9 }).length;
  }
  return { files: files.size, bytes: raw, gzipBytes: gzip };
};
const describe = (keys, minus = new Set()) => {
  const { js, css } = filesOf([...keys].filter((k) => !minus.has(k)));
  return { js: sizes(js), css: sizes(css) };
};
/** Manifest keys whose source path ends with one of these (a module may be inlined in another chunk: then it is not its own key). */
const keysFor = (...sources) => Object.keys(manifest).filter((k) => sources.some((s) => k.endsWith(s)));
const depKeysFor = (...pkgs) => Object.keys(manifest).filter((k) => pkgs.some((p) => k.includes(`node_modules/${p}/`) || manifest[k].name === p));

const entry = Object.keys(manifest).filter((k) => manifest[k].isEntry);
// The entry runs first (styles, theme; the camera preview is the inline boot script); the app
// (src/start.tsx, imported once the preview shows) belongs to the join route all the same.
const firstRun = closure(entry);
const join = closure([...entry, ...keysFor('src/start.tsx')]);
const roomKeys = closure([...keysFor('src/room/RoomPage.tsx'), ...depKeysFor('mediasoup-client')]);
const roomOnly = new Set([...roomKeys].filter((k) => !join.has(k)));
const laterKeys = closure(keysFor('src/board/BoardPanel.tsx', 'src/agreement/AgreementPanel.tsx', 'src/tower/ControlTower.tsx'));
const laterOnly = new Set([...laterKeys].filter((k) => !join.has(k) && !roomKeys.has(k)));

const joinSizes = describe(join);
const roomAdded = describe(roomOnly);
const result = {
  unit: 'bytes (gzip level 9, as served compressed)',
  dist: path.relative(root, dist),
  measuredAt: new Date().toISOString(),
  joinRoute: { ...joinSizes, note: 'the link opened: entry chunk + the app it starts once the preview shows (src/start.tsx) + their static imports + CSS' },
  beforePreview: { ...describe(firstRun), note: 'run before the camera preview\'s first frame: the entry only (the preview itself is the inline script in index.html)' },
  roomAdds: { ...roomAdded, note: 'the room page and mediasoup-client, beyond the join route (fetched while the preview shows when the room page is its own chunk)' },
  roomTotal: {
    jsGzipBytes: joinSizes.js.gzipBytes + roomAdded.js.gzipBytes,
    cssGzipBytes: joinSizes.css.gzipBytes + roomAdded.css.gzipBytes,
    note: 'everything downloaded before the first video frame',
  },
  afterVideo: { ...describe(laterOnly), note: 'board, agreement editor (Tiptap), control tower: fetched after the room shows video' },
  roomPageIsOwnChunk: keysFor('src/room/RoomPage.tsx').length > 0 && !join.has(keysFor('src/room/RoomPage.tsx')[0]),
};

mkdirSync(path.dirname(out), { recursive: true });
const previous = existsSync(out) ? JSON.parse(readFileSync(out, 'utf8')) : {};
const merged = { name: 'bundle', ...previous, [label]: result };
writeFileSync(out, JSON.stringify(merged, null, 2) + '\n');
const kB = (n) => `${(n / 1024).toFixed(1)} kB`;
console.log(`[bundle] ${label}: join route JS ${kB(result.joinRoute.js.gzipBytes)} + CSS ${kB(result.joinRoute.css.gzipBytes)} gzip; room adds JS ${kB(result.roomAdds.js.gzipBytes)} + CSS ${kB(result.roomAdds.css.gzipBytes)}; after video ${kB(result.afterVideo.js.gzipBytes)} → ${path.relative(root, out)}`);
