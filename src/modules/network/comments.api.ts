import { z } from 'zod';
import { unwrap } from '../../platform/errors.js';
import {
  fileResponse,
  sendDownload,
  UPLOAD_MEDIA_TYPES,
  UploadFilename,
  uploadedFile,
  type App,
} from '../../platform/http.js';
import { requireNetworkAccess } from '../identity/index.js';
import { CommentFields } from './comment.js';
import type { CommentsService } from './comments.service.js';
import { MarkingOut, member, NetworkParams, stixIdOf } from './network.schemas.js';

const IncidentParams = NetworkParams.extend({ incidentId: stixIdOf('incident') });
const CommentParams = NetworkParams.extend({ commentId: stixIdOf('note') });
const AttachmentParams = CommentParams.extend({ sha256: z.string().regex(/^[0-9a-f]{64}$/) });
const CommentOut = z.object({
  id: z.string(),
  marking: MarkingOut,
  objectId: z.string(),
  text: z.string(),
  attachments: z
    .array(z.object({ sha256: z.string(), filename: z.string(), mediaType: z.string(), size: z.number() }))
    .readonly(),
  lang: z.string().nullable(),
  created: z.string(),
  modified: z.string(),
});
const tags = ['network'];

/** Routes for comments on incidents and the files attached to them. */
export function commentRoutes(app: App, deps: { comments: CommentsService }): void {
  const { comments } = deps;

  app.get(
    '/api/v1/networks/:networkId/incidents/:incidentId/comments',
    {
      schema: {
        tags,
        summary: 'The comments on an incident (STIX notes under the incident’s own audience), oldest first',
        params: IncidentParams,
        response: { 200: z.object({ comments: z.array(CommentOut) }) },
      },
    },
    async (request) => {
      const caller = requireNetworkAccess(request, member(request.params.networkId, 'read'));
      return { comments: unwrap(await comments.list({ caller, incidentId: request.params.incidentId })) };
    },
  );

  app.post(
    '/api/v1/networks/:networkId/incidents/:incidentId/comments',
    {
      schema: {
        tags,
        summary:
          'Comment on an incident your organisation may read; the comment has the incident’s audience, and the organisation that shared the incident is told',
        params: IncidentParams,
        body: z.strictObject(CommentFields.shape),
        response: { 201: CommentOut },
      },
    },
    async (request, reply) => {
      const caller = requireNetworkAccess(request, member(request.params.networkId, 'write'));
      const made = await comments.comment({
        caller,
        incidentId: request.params.incidentId,
        fields: request.body,
      });
      return reply.status(201).send(unwrap(made));
    },
  );

  app.post(
    '/api/v1/networks/:networkId/comments/:commentId/attachments',
    {
      schema: {
        tags,
        summary:
          'Attach a file to your organisation’s comment (raw bytes; file name in the query): a new version of the note listing the file’s SHA-256',
        params: CommentParams,
        querystring: z.strictObject({ filename: UploadFilename }),
        response: { 201: CommentOut },
      },
    },
    async (request, reply) => {
      const caller = requireNetworkAccess(request, member(request.params.networkId, 'write'));
      const attached = await comments.attach({
        caller,
        commentId: request.params.commentId,
        filename: request.query.filename,
        ...uploadedFile(request),
      });
      return reply.status(201).send(unwrap(attached));
    },
  );

  app.get(
    '/api/v1/networks/:networkId/comments/:commentId/attachments/:sha256',
    {
      schema: {
        tags,
        summary: 'Download a file attached to a comment your organisation may read',
        params: AttachmentParams,
        ...fileResponse(...UPLOAD_MEDIA_TYPES),
      },
    },
    async (request, reply) => {
      const caller = requireNetworkAccess(request, member(request.params.networkId, 'read'));
      const file = unwrap(
        await comments.openAttachment({
          caller,
          commentId: request.params.commentId,
          sha256: request.params.sha256,
        }),
      );
      return sendDownload(reply, file);
    },
  );
}
