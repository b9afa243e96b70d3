import { createHash } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';

/** A JSON reply kept as the bytes sent, with the version of the data it was made from and its entity tag. */
export interface KeptReply {
  readonly version: string;
  readonly body: Buffer;
  readonly etag: string;
}

/**
 * JSON replies of a read whose data a version number describes completely, kept in this process and served
 * again while the version stands; the least recently used go first past `maxEntries`.
 *
 * Why: a large read (a roadmap page of 100 items) costs milliseconds of query and encoding, and teams read the
 * same pages far more often than they change them. The caller reads the version first, then asks for the
 * reply: a change committed in between makes the reply newer than its version, which only costs one more
 * load; the reverse (data older than its version) cannot happen. The key must name everything the reply
 * depends on besides the version (organisation, filters), and only replies that do not depend on who asks
 * may be kept.
 */
export function replyCache(maxEntries: number) {
  const kept = new Map<string, KeptReply>();
  return {
    /** The kept reply for this key at this version, or the one `load` makes (serialised JSON), then kept. */
    async get(key: string, version: string, load: () => Promise<string>): Promise<KeptReply> {
      const hit = kept.get(key);
      kept.delete(key);
      if (hit?.version === version) {
        kept.set(key, hit);
        return hit;
      }
      const body = Buffer.from(await load());
      const etag = `"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"`;
      const reply = { version, body, etag };
      kept.set(key, reply);
      if (kept.size > maxEntries) kept.delete(kept.keys().next().value ?? key);
      return reply;
    },
  };
}

/**
 * Sends a kept reply with its entity tag, or 304 with no body when the client already holds it: a browser
 * revalidates (`no-cache`) and keeps it for this person only (`private`), so an unchanged page costs a slow
 * connection a few hundred bytes.
 */
export function sendKept(request: FastifyRequest, reply: FastifyReply, kept: KeptReply): FastifyReply {
  void reply.header('etag', kept.etag).header('cache-control', 'private, no-cache');
  const held = request.headers['if-none-match'];
  if (held && held.split(',').some((tag) => tag.trim().replace(/^W\//, '') === kept.etag))
    return reply.code(304).send();
  return reply.type('application/json; charset=utf-8').send(kept.body);
}
