/**
 * The one way server modules meet, modelled on Hocuspocus's extension interface: a feature is a
 * folder that exports a `Feature`; `app.ts` lists the features in a declared order; the app calls
 * each feature's `attach` and then dispatches lifecycle hooks to all of them in that order.
 *
 * Features never subscribe to one another. A feature that knows something happened ANNOUNCES it
 * through `ctx.hooks` (for example the room announces `spaceChanged` inside a move), and every
 * feature that cares implements the matching `on…` method. What one feature offers others at run
 * time (where is this person, read a document, send someone a notification) is a typed port on
 * `AppContext`, readable only once every feature has attached, so attach order cannot matter.
 */
import type * as Y from 'yjs';
import type { DocKind, SessionPhase, SessionSettings, SpaceId } from '@mediation/shared';
import type { AppContext, ParticipantRecord } from './contracts.js';

/** What each hook carries. Hooks run synchronously, inside the change that caused them (a move
 * closes documents before the move is acknowledged), so they must be quick and must not throw. */
export interface HookPayloads {
  /** Someone's current space changed; `to: null` when they left, were removed, or the session ended. */
  spaceChanged: { sessionId: string; participantId: string; from: SpaceId | null; to: SpaceId | null };
  /** A document was loaded from storage (before any client sees it). A feature may install the
   * check that a 'suggest'-access writer's update contains only their own suggestions. */
  documentLoaded: { name: string; doc: Y.Doc; gateSuggestions(gate: (participantId: string, update: Uint8Array) => boolean): void };
  /** An update was applied to a loaded document (client or server). `writer` is the person whose
   * connection sent it, or null for the server's own changes. */
  documentUpdated: { name: string; kind: DocKind; doc: Y.Doc; update: Uint8Array; origin: unknown; writer: DocWriter | null };
  participantInvited: ParticipantRecord;
  participantRevoked: { sessionId: string; participantId: string };
  /** The person stays in the session, but connections opened with their old link must close. */
  linkReplaced: { sessionId: string; participantId: string };
  phaseChanged: { sessionId: string; from: SessionPhase; to: SessionPhase };
  /** The mediator changed the settings (already stored); access that depends on them is recomputed. */
  settingsChanged: { sessionId: string; settings: SessionSettings };
}

export type HookName = keyof HookPayloads;

/** The person behind a client connection's update (collaboration module), as other features see it. */
export interface DocWriter {
  participantId: string;
  displayName: string;
  role: ParticipantRecord['role'];
  side: ParticipantRecord['side'];
}

type HandlerName<K extends HookName> = `on${Capitalize<K>}`;
export type FeatureHooks = { [K in HookName as HandlerName<K>]?: (payload: HookPayloads[K]) => void };

export interface FeatureHealth {
  ok: boolean;
  [detail: string]: unknown;
}

export interface Feature extends FeatureHooks {
  /** Unique; used in logs and errors. */
  readonly name: string;
  /** Registers routes, sockets and ports. May use `ctx.config`, `ctx.stores`, `ctx.express`,
   * `ctx.http`, `ctx.provide`; must not read another feature's port (it throws until all attached). */
  attach(ctx: AppContext): Promise<void> | void;
  /** The kinds of document whose `documentUpdated` this feature handles; every kind when absent.
   * The hook runs on every Yjs edit, so an edit of a board is not handed to a feature that only
   * cares about the agreement. */
  readonly documentUpdatedKinds?: readonly DocKind[];
  /** Contributes to `/healthz` (for example live media workers). */
  health?(): FeatureHealth;
  /** Runs on shutdown, in reverse order of the list. */
  close?(): Promise<void> | void;
}

/** Announcing a hook: one function per hook name, calling every feature's handler in list order. */
export type Hooks = { [K in HookName]: (payload: HookPayloads[K]) => void };

const handlerName = <K extends HookName>(k: K): HandlerName<K> => `on${k[0]!.toUpperCase()}${k.slice(1)}` as HandlerName<K>;

export const HOOK_NAMES: readonly HookName[] = [
  'spaceChanged', 'documentLoaded', 'documentUpdated', 'participantInvited', 'participantRevoked', 'linkReplaced', 'phaseChanged', 'settingsChanged',
];

/** One handler of a hook, with the feature (or observer) it belongs to, for `this` and the log. */
interface Handler {
  owner: FeatureHooks;
  fn: (payload: unknown) => void;
}

/**
 * The hook dispatcher. `observe` adds listeners outside the feature list (tests, diagnostics);
 * they run after the features. A handler that throws is logged and does not stop the others:
 * one feature's bug must not keep another from closing a caucus document on a move.
 *
 * Each hook's handlers are looked up once, not on every call: `documentUpdated` runs on every Yjs
 * edit (issue 17, Yjs latency), and asking each of a dozen features for a method only one has
 * cost more than the handler. `documentUpdated` also goes only to the features that declared the
 * edited document's kind (`documentUpdatedKinds`). The lists are found again when the observers
 * change or `features()` returns another array (the array itself is not modified in place).
 */
export function createHooks(features: () => readonly FeatureHooks[], log: AppContext['log']): { hooks: Hooks; observe(o: FeatureHooks): () => void } {
  const observers = new Set<FeatureHooks>();
  let listedFrom: readonly FeatureHooks[] | null = null;
  /** Each hook's handlers; `documentUpdated`'s per document kind (no key built per call). */
  let lists = new Map<string, Handler[]>();
  let updatedByKind = new Map<string, Handler[]>();
  const forget = (): void => {
    lists = new Map();
    updatedByKind = new Map();
  };

  const find = (name: HookName, kind: DocKind | null): Handler[] => {
    const method = handlerName(name);
    const list: Handler[] = [];
    for (const owner of [...(listedFrom ?? []), ...observers]) {
      const fn = owner[method] as ((p: unknown) => void) | undefined;
      const kinds = (owner as Partial<Feature>).documentUpdatedKinds;
      if (fn && (kind === null || !kinds || kinds.includes(kind))) list.push({ owner, fn });
    }
    return list;
  };
  const handlersOf = (name: HookName, kind: DocKind | null): Handler[] => {
    const all = features();
    if (all !== listedFrom) {
      listedFrom = all;
      forget();
    }
    const cache = kind === null ? lists : updatedByKind;
    const at: string = kind ?? name;
    let list = cache.get(at);
    if (!list) cache.set(at, (list = find(name, kind)));
    return list;
  };

  const hooks = {} as Record<HookName, (p: unknown) => void>;
  for (const name of HOOK_NAMES) {
    const byKind = name === 'documentUpdated';
    hooks[name] = (payload) => {
      const list = handlersOf(name, byKind ? (payload as HookPayloads['documentUpdated']).kind : null);
      for (let i = 0; i < list.length; i++) {
        const h = list[i]!;
        try {
          h.fn.call(h.owner, payload);
        } catch (err) {
          log.error({ err, hook: name, feature: (h.owner as Partial<Feature>).name ?? 'observer' }, 'feature hook failed');
        }
      }
    };
  }
  return {
    hooks: hooks as Hooks,
    observe(o) {
      observers.add(o);
      forget();
      return () => {
        observers.delete(o);
        forget();
      };
    },
  };
}

/** The run-time ports features offer each other. */
export interface Ports {
  spaces: import('./contracts.js').SpaceDirectory;
  docs: import('./contracts.js').DocService;
  notifier: import('./contracts.js').Notifier;
  mailer: import('./contracts.js').Mailer;
  exports: import('./contracts.js').AgreementExports;
  caseSessions: import('./contracts.js').CaseSessions;
}

const PORT_NAMES = ['spaces', 'docs', 'notifier', 'mailer', 'exports', 'caseSessions'] as const satisfies ReadonlyArray<keyof Ports>;

/**
 * Holds the ports. Reading one before every feature attached throws: a feature that needed
 * another during attach would silently depend on the list order. Tests may replace a port
 * (a stand-in room directory) after start.
 */
export class PortRegistry {
  private readonly values: Partial<Ports> = {};
  private sealed = false;

  provide<K extends keyof Ports>(name: K, value: Ports[K]): void {
    if (this.values[name] && !this.sealed) throw new Error(`port ${name} is provided twice`);
    this.values[name] = value;
  }

  get<K extends keyof Ports>(name: K): Ports[K] {
    if (!this.sealed) throw new Error(`port ${name} read while features are still attaching; read it when it is used, not in attach`);
    const v = this.values[name];
    if (!v) throw new Error(`no feature provides port ${name}`);
    return v;
  }

  /** Called once every feature attached; from then on ports are readable. */
  seal(): void {
    this.sealed = true;
  }

  missing(): Array<keyof Ports> {
    return PORT_NAMES.filter((k) => !this.values[k]);
  }

  /** `target` with every port as a property: reading it is `get`, assigning it is `provide`. */
  exposeOn<T extends object>(target: T): T & Ports {
    for (const name of PORT_NAMES) {
      Object.defineProperty(target, name, {
        enumerable: true,
        get: () => this.get(name),
        set: (v: Ports[typeof name]) => this.provide(name, v),
      });
    }
    return target as T & Ports;
  }
}

/** Attaches the features in order, then seals the ports. Fails on a duplicate name. */
export async function attachFeatures(ctx: AppContext, features: readonly Feature[], ports: PortRegistry): Promise<void> {
  const names = new Set<string>();
  for (const f of features) {
    if (names.has(f.name)) throw new Error(`feature ${f.name} is listed twice`);
    names.add(f.name);
    await f.attach(ctx);
    ctx.onClose(() => f.close?.());
  }
  ports.seal();
  const missing = ports.missing();
  if (missing.length > 0) ctx.log.warn({ missing }, 'no feature provides these ports; features that use them will fail');
}
