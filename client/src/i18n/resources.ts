import type { Language } from '@mediation/shared';

/**
 * Translations are JSON files, one per area (namespace) and language: locales/<lng>/<ns>.json.
 * A new file is picked up by these globs without touching code. English is bundled (it is the
 * default and the fallback for any key); other languages are fetched on demand, so an English
 * join page downloads no Spanish.
 */
export type Namespace = string;
export type Catalog = Record<string, unknown>;

const bundled = import.meta.glob<Catalog>('./locales/en/*.json', { eager: true, import: 'default' });
const onDemand = import.meta.glob<Catalog>(['./locales/*/*.json', '!./locales/en/*.json'], { import: 'default' });

function parsePath(path: string): { lng: string; ns: string } {
  const m = /\.\/locales\/([^/]+)\/([^/]+)\.json$/.exec(path);
  if (!m) throw new Error(`unexpected locale path ${path}`);
  return { lng: m[1]!, ns: m[2]! };
}

/** The namespaces English has: every language must have the same (keys.test.ts checks it). */
export const NAMESPACES: readonly Namespace[] = Object.keys(bundled).map((p) => parsePath(p).ns).sort();

export function englishResources(): Record<Namespace, Catalog> {
  const out: Record<Namespace, Catalog> = {};
  for (const [path, catalog] of Object.entries(bundled)) out[parsePath(path).ns] = catalog;
  return out;
}

/** Every namespace of one language, in one round of (parallel) chunk loads. */
export async function loadResources(lng: Language): Promise<Record<Namespace, Catalog>> {
  if (lng === 'en') return englishResources();
  const entries = Object.entries(onDemand).filter(([path]) => parsePath(path).lng === lng);
  const loaded = await Promise.all(entries.map(async ([path, load]) => [parsePath(path).ns, await load()] as const));
  return Object.fromEntries(loaded);
}
