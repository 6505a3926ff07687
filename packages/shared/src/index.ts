export * from './errors.js';
export * from './domain.js';
export * from './policy.js';
export * from './protocol.js';
export * from './http.js';
export * from './collab.js';
export * from './projection.js';
