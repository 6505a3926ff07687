/**
 * Mediator passwords, hashed with argon2id (the password-hashing competition winner and OWASP's
 * first choice). `@node-rs/argon2` ships prebuilt binaries per platform as ordinary npm packages
 * (no compiler, no download at install time, which this project's machines cannot do) and hashes
 * off the event loop, so a sign-in never stalls the room's signalling.
 */
import { hash, verify } from '@node-rs/argon2';

/** OWASP's argon2id baseline: 19 MiB, 2 passes, 1 lane (about 20-40 ms here). The parameters are
 * stored in each hash, so raising them later keeps old hashes verifiable. */
const PARAMS = { memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

/** An argon2id PHC string (`$argon2id$v=19$m=19456,t=2,p=1$salt$hash`), random salt included. */
export function hashPassword(password: string): Promise<string> {
  // 2 is Algorithm.Argon2id (a const enum, which isolated modules cannot import).
  return hash(password, { ...PARAMS, algorithm: 2 });
}

/** Whether `password` matches `stored`; a malformed stored hash is simply no match. */
export async function verifyPassword(stored: string, password: string): Promise<boolean> {
  try {
    return await verify(stored, password);
  } catch {
    return false;
  }
}

/** A hash of a password nobody has, verified when the email is unknown so that a wrong email
 * takes as long as a wrong password (no way to tell which accounts exist by timing). */
let decoy: Promise<string> | null = null;
export function decoyHash(): Promise<string> {
  decoy ??= hashPassword(`decoy-${Math.random()}`);
  return decoy;
}
