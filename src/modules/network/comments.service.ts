import type { Readable } from 'node:stream';
import { fail, type Problem } from '../../platform/errors.js';
import { recordStoredFile, type FileStore } from '../../platform/files.js';
import { parseLocale } from '../../platform/i18n/index.js';
import { newId } from '../../platform/ids.js';
import { ok, type Result } from '../../platform/result.js';
import type { Announcer } from './announce.js';
import { commentOf, commentToStix, type Attachment, type Comment, type CommentFields } from './comment.js';
import { readerOf, type Caller, type NetworkDeps } from './deps.js';
import { incidentOf } from './incident.js';
import { findLatest, listReferring, type StoredObject } from './objects.store.js';
import { shareVersion } from './share.js';
import { stixTimestamp } from './stix.js';
import { followingMarking } from './tlp.js';

/** At most this many files on one comment. */
const MAX_ATTACHMENTS = 10;

/**
 * Builds the comment service: members who may read an incident discuss it and attach files (hashed). A comment
 * is a STIX note under the incident's own audience (`followingMarking`): whoever may read the incident reads
 * what is said about it, and nobody else.
 */
export function createCommentsService(
  deps: Pick<NetworkDeps, 'db' | 'tx' | 'clock' | 'network'> & { announcer: Announcer; files: FileStore },
) {
  const { db, clock, files } = deps;

  /** Stores a version of a comment and tells the incident's readers (its owner is alerted). */
  async function save(q: {
    caller: Caller;
    incident: StoredObject;
    id: string;
    created: string | undefined;
    previousModified: string | undefined;
    fields: CommentFields;
    attachments: readonly Attachment[];
    action: string;
    file?: { sha256: string; size: number } | undefined;
  }): Promise<Result<Comment, Problem>> {
    const { caller, incident, file } = q;
    const network = await deps.network(caller.scope.networkId);
    if (!network) return fail('not_found', 'network_not_found');
    const marking = followingMarking(incident.marking, caller.scope.orgId);
    const modified = stixTimestamp(clock.now(), q.previousModified);
    const body = commentToStix({
      id: q.id,
      created: q.created ?? modified,
      modified,
      orgId: caller.scope.orgId,
      marking,
      objectId: incident.stixId,
      fields: q.fields,
      attachments: q.attachments,
    });
    const owner = incident.marking.ownerOrgId;
    return shareVersion(deps, {
      caller,
      network,
      version: {
        marking,
        body,
        text: [q.fields.text, ...q.attachments.map((a) => a.filename)].join('\n'),
        lang: q.fields.lang,
        observables: [],
      },
      audit: {
        action: q.action,
        targetType: 'incident',
        targetId: incident.stixId,
        summary: { commentId: q.id, ...(file && { sha256: file.sha256, bytes: file.size }) },
      },
      also: file && ((t) => recordStoredFile(t, file)),
      news: () => ({
        kind: 'comment',
        networkId: caller.scope.networkId,
        objectId: incident.stixId,
        title: incidentOf(incident).title,
        marking,
        titleMarking: incident.marking,
        fresh: q.created === undefined,
        byOrgId: caller.scope.orgId,
        concerns: owner ? [owner] : [],
      }),
      read: commentOf,
      notFound: 'comment_not_found',
    });
  }

  /** The latest version of a comment the caller may read, and the incident it is on. */
  async function commentAndIncident(caller: Caller, commentId: string) {
    const reader = readerOf(caller);
    const stored = await findLatest(db, { reader, stixId: commentId });
    if (stored?.type !== 'note') return undefined;
    const comment = commentOf(stored);
    const incident = await findLatest(db, { reader, stixId: comment.objectId });
    return incident?.type === 'incident' ? { comment, incident } : undefined;
  }

  return {
    /** Comments on an incident the caller may read: a note under the incident's audience. */
    async comment(q: {
      caller: Caller;
      incidentId: string;
      fields: CommentFields;
    }): Promise<Result<Comment, Problem>> {
      const incident = await findLatest(db, { reader: readerOf(q.caller), stixId: q.incidentId });
      if (incident?.type !== 'incident') return fail('not_found', 'incident_not_found');
      return save({
        ...q,
        incident,
        id: `note--${newId()}`,
        created: undefined,
        previousModified: undefined,
        attachments: [],
        action: 'network.incident_commented',
      });
    },

    /** Attaches a file to the caller's organisation's comment: a new version of the note, listing its hash. */
    async attach(q: {
      caller: Caller;
      commentId: string;
      filename: string;
      mediaType: string;
      content: Buffer;
    }): Promise<Result<Comment, Problem>> {
      const found = await commentAndIncident(q.caller, q.commentId);
      if (!found) return fail('not_found', 'comment_not_found');
      const { comment, incident } = found;
      if (comment.marking.ownerOrgId !== q.caller.scope.orgId) return fail('forbidden', 'network_not_owner');
      if (comment.attachments.length >= MAX_ATTACHMENTS)
        return fail('invalid', 'comment_attachments_full', { params: { max: MAX_ATTACHMENTS } });
      if (q.content.length === 0) return fail('invalid', 'file_expected');
      const stored = await files.put(q.content);
      if (!stored.ok) return stored;
      const lang = parseLocale(comment.lang);
      return save({
        caller: q.caller,
        incident,
        id: comment.id,
        created: comment.created,
        previousModified: comment.modified,
        fields: { text: comment.text, ...(lang && { lang }) },
        attachments: [
          ...comment.attachments.filter((a) => a.sha256 !== stored.value.sha256),
          { ...stored.value, filename: q.filename, mediaType: q.mediaType },
        ],
        action: 'network.comment_file_attached',
        file: stored.value,
      });
    },

    /** The comments on an incident the caller may read, oldest first. */
    async list(q: { caller: Caller; incidentId: string }): Promise<Result<Comment[], Problem>> {
      const reader = readerOf(q.caller);
      const incident = await findLatest(db, { reader, stixId: q.incidentId });
      if (incident?.type !== 'incident') return fail('not_found', 'incident_not_found');
      const rows = await listReferring(db, {
        reader,
        type: 'note',
        property: 'object_refs',
        ref: q.incidentId,
      });
      return ok(rows.map(commentOf));
    },

    /** A file attached to a comment the caller may read. */
    async openAttachment(q: {
      caller: Caller;
      commentId: string;
      sha256: string;
    }): Promise<Result<{ filename: string; mediaType: string; stream: Readable }, Problem>> {
      const found = await commentAndIncident(q.caller, q.commentId);
      const attachment = found?.comment.attachments.find((a) => a.sha256 === q.sha256);
      const stream = attachment && files.open(attachment.sha256);
      if (!attachment || !stream) return fail('not_found', 'attachment_not_found');
      return ok({ filename: attachment.filename, mediaType: attachment.mediaType, stream });
    },
  };
}

/** The comment service's type. */
export type CommentsService = ReturnType<typeof createCommentsService>;
