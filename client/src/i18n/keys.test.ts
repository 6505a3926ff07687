/**
 * The type-safe key check, as a test: (1) every language has exactly English's namespaces and
 * keys, with no empty value; (2) every literal key the source passes to t() / i18nKey exists in
 * English. Conventions it relies on (README.md): a file's first useTranslation('ns') names its
 * namespace; keys from another namespace are written 'ns:key'; keys are string literals.
 */
import { describe, expect, it } from 'vitest';
import { LANGUAGES } from '@mediation/shared';

// Vite globs instead of node:fs: the client is typed for the browser only. `?raw` gives the source text.
const catalogFiles = import.meta.glob<Json>('./locales/*/*.json', { eager: true, import: 'default' });
const sources = import.meta.glob<string>(['../**/*.ts', '../**/*.tsx', '!../**/*.test.ts', '!../**/*.test.tsx'], {
  eager: true,
  query: '?raw',
  import: 'default',
});

type Json = Record<string, unknown>;
function flatten(obj: Json, prefix = ''): Map<string, unknown> {
  const out = new Map<string, unknown>();
  for (const [k, v] of Object.entries(obj)) {
    const key = prefix ? `${prefix}.${k}` : k;
    if (v && typeof v === 'object' && !Array.isArray(v)) for (const [kk, vv] of flatten(v as Json, key)) out.set(kk, vv);
    else out.set(key, v);
  }
  return out;
}
function catalog(lng: string, ns: string): Map<string, unknown> {
  const file = catalogFiles[`./locales/${lng}/${ns}.json`];
  if (!file) throw new Error(`no ${lng}/${ns}.json`);
  return flatten(file);
}
function namespaces(lng: string): string[] {
  const prefix = `./locales/${lng}/`;
  return Object.keys(catalogFiles).filter((p) => p.startsWith(prefix)).map((p) => p.slice(prefix.length).replace(/\.json$/, '')).sort();
}
/** A key exists as written, or as its plural forms / contexts (`key_one`, `key_cam`: i18next's `count` and `context` options). */
function hasKey(keys: Map<string, unknown>, key: string): boolean {
  if (keys.has(key)) return true;
  for (const k of keys.keys()) if (k.startsWith(`${key}_`)) return true;
  return false;
}

/** The literal keys a file uses, each resolved to [namespace, key]. Exported shape for the test below. */
export function usedKeys(source: string): Array<{ ns: string; key: string }> {
  const nsMatch = /useTranslation\(\s*(?:\[\s*)?['"]([\w-]+)['"]/.exec(source);
  const fileNs = nsMatch?.[1] ?? 'common';
  const out: Array<{ ns: string; key: string }> = [];
  const patterns = [/\bt\(\s*['"]([^'"]+)['"]/g, /i18nKey=\{?\s*['"]([^'"]+)['"]/g];
  for (const re of patterns) {
    for (const m of source.matchAll(re)) {
      const raw = m[1]!;
      const colon = raw.indexOf(':');
      out.push(colon > 0 ? { ns: raw.slice(0, colon), key: raw.slice(colon + 1) } : { ns: fileNs, key: raw });
    }
  }
  return out;
}

describe('translation catalogs', () => {
  const english = namespaces('en');

  it('English has namespaces', () => {
    expect(english).toContain('common');
  });

  for (const lng of LANGUAGES.filter((l) => l !== 'en')) {
    it(`${lng} has exactly the namespaces English has`, () => {
      expect(namespaces(lng)).toEqual(english);
    });
    for (const ns of english) {
      it(`${lng}/${ns}.json has exactly the keys of en/${ns}.json`, () => {
        const en = [...catalog('en', ns).keys()].sort();
        const other = [...catalog(lng, ns).keys()].sort();
        expect({ missing: en.filter((k) => !other.includes(k)), extra: other.filter((k) => !en.includes(k)) }).toEqual({ missing: [], extra: [] });
      });
    }
  }

  for (const lng of LANGUAGES) {
    it(`${lng}: no empty or non-string values`, () => {
      const bad: string[] = [];
      for (const ns of namespaces(lng)) {
        for (const [k, v] of catalog(lng, ns)) if (typeof v !== 'string' || v.trim() === '') bad.push(`${ns}:${k}`);
      }
      expect(bad).toEqual([]);
    });

    it(`${lng}: the {{placeholders}} of each value are the ones English has`, () => {
      const vars = (s: unknown) => [...String(s).matchAll(/\{\{\s*([\w.]+)[^}]*\}\}/g)].map((m) => m[1]).sort();
      const bad: string[] = [];
      for (const ns of english) {
        const en = catalog('en', ns);
        for (const [k, v] of catalog(lng, ns)) {
          // Plural forms may drop {{count}} ("one" reads "a card"), so compare them loosely.
          const envars = vars(en.get(k)).filter((x) => x !== 'count');
          if (en.has(k) && JSON.stringify(vars(v).filter((x) => x !== 'count')) !== JSON.stringify(envars)) bad.push(`${ns}:${k}`);
        }
      }
      expect(bad).toEqual([]);
    });
  }

  it('every literal key used in the source exists in English', () => {
    const catalogs = new Map(english.map((ns) => [ns, catalog('en', ns)]));
    const missing: string[] = [];
    let checked = 0;
    expect(Object.keys(sources).length).toBeGreaterThan(50);
    for (const [file, text] of Object.entries(sources)) {
      for (const { ns, key } of usedKeys(text)) {
        checked += 1;
        const keys = catalogs.get(ns);
        if (!keys || !hasKey(keys, key)) missing.push(`${file}: ${ns}:${key}`);
      }
    }
    expect(missing).toEqual([]);
    expect(checked).toBeGreaterThan(0);
  });

  it('the scanner resolves namespaces the way the README says', () => {
    const src = "const { t } = useTranslation('join'); t('title'); t(\"common:actions.cancel\"); <Trans i18nKey=\"invite.role\" />";
    expect(usedKeys(src)).toEqual([
      { ns: 'join', key: 'title' },
      { ns: 'common', key: 'actions.cancel' },
      { ns: 'join', key: 'invite.role' },
    ]);
  });
});
