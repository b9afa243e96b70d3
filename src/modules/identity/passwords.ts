import { hash, verify } from '@node-rs/argon2';

// OWASP Password Storage Cheat Sheet, argon2id: m=19 MiB, t=2, p=1 (the library's default algorithm is argon2id).
const PARAMS = { memoryCost: 19456, timeCost: 2, parallelism: 1 } as const;

/** Hashes a password with argon2id. */
export function hashPassword(password: string): Promise<string> {
  return hash(password, PARAMS);
}

// Verified against when the account does not exist, so timing does not reveal which e-mails have accounts.
const DUMMY_HASH = hashPassword('atalaya-timing-equaliser');

/** Checks a password against a stored hash (or against a dummy when there is none). */
export async function checkPassword(stored: string | null, password: string): Promise<boolean> {
  if (stored === null) {
    await verify(await DUMMY_HASH, password).catch(() => false);
    return false;
  }
  return verify(stored, password).catch(() => false);
}
