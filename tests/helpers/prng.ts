/** The seedable PRNG the server's room fuzzes use (mulberry32): one copy, so a seed printed by a
 * failing test replays the same sequence here and there. */
export { seededRandom } from '../../server/src/signalling/room/seededRandom.js';
