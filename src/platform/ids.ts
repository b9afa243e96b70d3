import { randomBytes, randomUUID, createHash, timingSafeEqual } from 'node:crypto';

/** A branded string: a plain string at run time, a distinct type at compile time. */
export type Brand<T, B extends string> = T & { readonly __brand: B };

/** An ISO 8601 timestamp in UTC. */
export type IsoTimestamp = Brand<string, 'IsoTimestamp'>;

/** A new random UUID (v4). */
export function newId<B extends string>(): Brand<string, B> {
  return randomUUID() as Brand<string, B>;
}

/** A URL-safe random secret of `bytes` bytes of entropy. */
export function newSecret(bytes = 32): string {
  return randomBytes(bytes).toString('base64url');
}

/** SHA-256 of a string or buffer as lowercase hex. */
export function sha256Hex(data: string | Buffer): string {
  return createHash('sha256').update(data).digest('hex');
}

/** Compares two strings in constant time (for secrets). */
export function safeEqual(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

/** Converts a Date to an IsoTimestamp. */
export function toIso(date: Date): IsoTimestamp {
  return date.toISOString() as IsoTimestamp;
}
