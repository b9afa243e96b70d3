import type { Clock } from '../../platform/clock.js';
import { z } from 'zod';
import { unwrap } from '../../platform/errors.js';
import {
  sendDownload,
  UploadFilename,
  uploadedFile,
  type App,
  NoContent,
  fileResponse,
  UPLOAD_MEDIA_TYPES,
} from '../../platform/http.js';

import type { AssessmentsService } from './service.js';
import type { Access } from './api.js';
import {
  OrgParams,
  AssessmentParams,
  ControlParams,
  CreateBody,
  AnswerBody,
  Summary,
  AssessmentOut,
  tags,
} from './assessments.schemas.js';

/** The organisation's assessments: list, people, create, read, answers, assignees, finalise and evidence. */
export function recordRoutes(
  app: App,
  deps: { assessments: AssessmentsService; access: Access; clock: Clock },
): void {
  const { assessments, access } = deps;
  app.get(
    '/api/v1/orgs/:orgId/assessments',
    {
      schema: {
        tags,
        summary: "The organisation's assessments",
        params: OrgParams,
        response: { 200: z.array(Summary) },
      },
    },
    async (request) => {
      const { scope } = await access(request, request.params.orgId, 'read');
      return assessments.list(scope.orgId);
    },
  );

  app.get(
    '/api/v1/orgs/:orgId/assessments/people',
    {
      schema: {
        tags,
        summary: 'Members who can be assigned domains or controls',
        params: OrgParams,
        response: { 200: z.array(z.object({ id: z.string(), name: z.string() })) },
      },
    },
    async (request) => {
      const { scope } = await access(request, request.params.orgId, 'read');
      return assessments.people(scope.orgId);
    },
  );

  app.post(
    '/api/v1/orgs/:orgId/assessments',
    {
      schema: {
        tags,
        summary: 'Start an assessment',
        params: OrgParams,
        body: CreateBody,
        response: { 201: AssessmentOut },
      },
    },
    async (request, reply) => {
      const { scope, actor } = await access(request, request.params.orgId, 'write');
      return reply
        .status(201)
        .send(unwrap(await assessments.create({ orgId: scope.orgId, actor, input: request.body })));
    },
  );

  app.get(
    '/api/v1/orgs/:orgId/assessments/:assessmentId',
    {
      schema: {
        tags,
        summary: 'An assessment with its answers',
        params: AssessmentParams,
        response: { 200: AssessmentOut },
      },
    },
    async (request) => {
      const { scope } = await access(request, request.params.orgId, 'read');
      return unwrap(await assessments.get(scope.orgId, request.params.assessmentId));
    },
  );

  app.put(
    '/api/v1/orgs/:orgId/assessments/:assessmentId/answers/:controlId',
    {
      schema: {
        tags,
        summary:
          "Save a control's answer; `version` is the one read (0 for a first answer), and a stale one answers 409",
        params: ControlParams,
        body: AnswerBody,
        response: { 200: z.object({ version: z.number() }) },
      },
    },
    async (request) => {
      const { scope, actor, principal } = await access(request, request.params.orgId, 'write');
      const { version, ...input } = request.body;
      const { assessmentId: id, controlId } = request.params;
      return unwrap(
        await assessments.saveAnswer({
          orgId: scope.orgId,
          id,
          controlId,
          actor,
          version,
          input,
          locale: principal.locale,
        }),
      );
    },
  );

  app.put(
    '/api/v1/orgs/:orgId/assessments/:assessmentId/domains/:domainId/assignee',
    {
      schema: {
        response: { 204: NoContent },
        tags,
        summary: 'Assign a domain to a member (null clears)',
        params: AssessmentParams.extend({ domainId: z.string().regex(/^[A-Z]{2,6}$/) }),
        body: z.strictObject({ userId: z.uuid().nullable() }),
      },
    },
    async (request, reply) => {
      const { scope, actor } = await access(request, request.params.orgId, 'write');
      const { assessmentId: id, domainId } = request.params;
      unwrap(
        await assessments.assignDomain({
          orgId: scope.orgId,
          id,
          domainId,
          userId: request.body.userId,
          actor,
        }),
      );
      return reply.status(204).send(null);
    },
  );

  app.post(
    '/api/v1/orgs/:orgId/assessments/:assessmentId/finalise',
    {
      schema: {
        tags,
        summary: 'Finalise: the assessment becomes read-only',
        params: AssessmentParams,
        response: { 204: NoContent },
      },
    },
    async (request, reply) => {
      const { scope, actor } = await access(request, request.params.orgId, 'write');
      unwrap(await assessments.finalise({ orgId: scope.orgId, id: request.params.assessmentId, actor }));
      return reply.status(204).send(null);
    },
  );

  app.post(
    '/api/v1/orgs/:orgId/assessments/:assessmentId/answers/:controlId/evidence',
    {
      schema: {
        tags,
        summary: 'Attach an evidence file (raw bytes; file name in the query)',
        params: ControlParams,
        querystring: z.strictObject({ filename: UploadFilename }),
        response: { 201: z.object({ id: z.string() }) },
      },
    },
    async (request, reply) => {
      const { scope, actor } = await access(request, request.params.orgId, 'write');
      const { assessmentId: id, controlId } = request.params;
      const added = await assessments.addEvidence({
        orgId: scope.orgId,
        id,
        controlId,
        actor,
        filename: request.query.filename,
        ...uploadedFile(request),
      });
      return reply.status(201).send(unwrap(added));
    },
  );

  app.delete(
    '/api/v1/orgs/:orgId/assessments/:assessmentId/evidence/:evidenceId',
    {
      schema: {
        tags,
        summary: 'Remove an evidence file, with the reason',
        description:
          'The file leaves the assessment, its downloads and its exports (XLSX, PDF, JSON); the reason goes to the audit trail. Its bytes are erased unless another record still holds the same content. Refused once the assessment is finalised.',
        params: AssessmentParams.extend({ evidenceId: z.uuid() }),
        body: z.strictObject({ reason: z.string().trim().min(3).max(500) }),
        response: { 200: z.object({ filename: z.string() }) },
      },
    },
    async (request) => {
      const { scope, actor } = await access(request, request.params.orgId, 'write');
      const { assessmentId: id, evidenceId } = request.params;
      return unwrap(
        await assessments.removeEvidence({ orgId: scope.orgId, id, evidenceId, actor, ...request.body }),
      );
    },
  );

  app.get(
    '/api/v1/orgs/:orgId/assessments/:assessmentId/evidence/:evidenceId',
    {
      schema: {
        tags,
        summary: 'Download an evidence file',
        params: AssessmentParams.extend({ evidenceId: z.uuid() }),
        ...fileResponse(...UPLOAD_MEDIA_TYPES),
      },
    },
    async (request, reply) => {
      const { scope } = await access(request, request.params.orgId, 'read');
      const { assessmentId: id, evidenceId } = request.params;
      const file = unwrap(await assessments.openEvidence({ orgId: scope.orgId, id, evidenceId }));
      return sendDownload(reply, file);
    },
  );
}
