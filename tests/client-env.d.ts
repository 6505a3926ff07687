// Some integration tests import client modules (client/src/intake/plan.ts) that use Vite's
// import.meta.glob; vitest runs them through Vite, and this gives tsc the same types.
/// <reference path="../client/node_modules/vite/client.d.ts" />
