import QRCode from 'qrcode';
import { z } from 'zod';
import { unwrap } from '../../platform/errors.js';
import { gatedBy } from '../identity/index.js';
import { type App, NoContent } from '../../platform/http.js';
import { Achievement } from './achievements.js';
import { TestKind } from './course.js';
import {
  OrgParams,
  SessionParams,
  PersonParams,
  text,
  PersonIn,
  SessionBody,
  SessionPatch,
  PersonOut,
  SessionSummaryOut,
  SessionOut,
  presentSession,
  tags,
  type TrainingRouteDeps,
} from './training.schemas.js';

/** Sessions: the directory, the register, sessions, rosters, attendance, teach-backs, paper tests, check-in codes, test links and bulk issue. */
export function sessionRoutes(app: App, deps: TrainingRouteDeps): void {
  const { training, access } = deps;
  app.get(
    '/api/v1/orgs/:orgId/training/directory',
    {
      schema: {
        tags,
        summary: 'Who can lead a session (members and certified trainers) and the units or provinces',
        params: OrgParams,
        response: {
          200: z.object({
            members: z.array(z.object({ id: z.string(), name: z.string() })),
            trainers: z.array(z.object({ id: z.string(), name: z.string() })),
            units: z.array(z.object({ id: z.string(), name: z.string() })),
          }),
        },
      },
    },
    async (request) => {
      const { scope } = await access(request, 'read');
      return training.directory(scope.orgId);
    },
  );

  app.get(
    '/api/v1/orgs/:orgId/training/people',
    {
      schema: {
        tags,
        summary: 'The register of people trained or training',
        params: OrgParams,
        querystring: z.strictObject({ q: text(200).optional() }),
        response: { 200: z.object({ people: z.array(PersonOut) }) },
      },
    },
    async (request) => {
      const { scope } = await access(request, 'read');
      return { people: await training.people(scope.orgId, request.query.q) };
    },
  );

  app.get(
    '/api/v1/orgs/:orgId/training/sessions',
    {
      schema: {
        tags,
        summary: 'Training sessions, newest first',
        params: OrgParams,
        response: {
          200: z.object({
            sessions: z.array(
              SessionSummaryOut.extend({ lead: z.string(), enrolled: z.number(), attended: z.number() }),
            ),
          }),
        },
      },
    },
    async (request) => {
      const { scope } = await access(request, 'read');
      return { sessions: await training.sessions(scope.orgId) };
    },
  );

  app.post(
    '/api/v1/orgs/:orgId/training/sessions',
    {
      schema: {
        tags,
        summary: 'Plan a session',
        params: OrgParams,
        body: SessionBody,
        response: { 201: SessionOut },
      },
    },
    async (request, reply) => {
      const { scope, actor } = await access(request, 'write');
      const view = unwrap(await training.createSession({ orgId: scope.orgId, actor, input: request.body }));
      return reply.status(201).send(presentSession(view));
    },
  );

  app.get(
    '/api/v1/orgs/:orgId/training/sessions/:sessionId',
    {
      schema: {
        tags,
        summary: 'A session: trainers, roster, attendance, test results, completion, certificates',
        params: SessionParams,
        response: { 200: SessionOut },
      },
    },
    async (request) => {
      const { scope } = await access(request, 'read');
      return presentSession(unwrap(await training.session(scope.orgId, request.params.sessionId)));
    },
  );

  app.patch(
    '/api/v1/orgs/:orgId/training/sessions/:sessionId',
    {
      schema: {
        tags,
        summary: 'Change a session, or close it (ends check-in and tests) and reopen it',
        params: SessionParams,
        body: SessionPatch,
        response: { 200: SessionOut },
      },
    },
    async (request) => {
      const { scope, actor } = await access(request, 'write');
      const { version, ...set } = request.body;
      return presentSession(
        unwrap(
          await training.updateSession({
            orgId: scope.orgId,
            actor,
            sessionId: request.params.sessionId,
            version,
            set,
          }),
        ),
      );
    },
  );

  app.post(
    '/api/v1/orgs/:orgId/training/sessions/:sessionId/roster',
    {
      schema: {
        tags,
        summary: 'Put people on the roster (new e-mail addresses join the register)',
        params: SessionParams,
        body: z.strictObject({ people: z.array(PersonIn).min(1).max(500) }),
        response: { 200: z.object({ added: z.number() }) },
      },
    },
    async (request) => {
      const { scope, actor } = await access(request, 'write');
      return unwrap(
        await training.addToRoster({
          orgId: scope.orgId,
          actor,
          sessionId: request.params.sessionId,
          people: request.body.people,
        }),
      );
    },
  );

  app.delete(
    '/api/v1/orgs/:orgId/training/sessions/:sessionId/roster/:personId',
    {
      schema: {
        tags,
        summary: 'Take a person off the roster',
        params: PersonParams,
        response: { 204: NoContent },
      },
    },
    async (request, reply) => {
      const { scope, actor } = await access(request, 'write');
      unwrap(
        await training.removeFromRoster({
          orgId: scope.orgId,
          actor,
          sessionId: request.params.sessionId,
          personId: request.params.personId,
        }),
      );
      return reply.status(204).send(null);
    },
  );

  app.put(
    '/api/v1/orgs/:orgId/training/sessions/:sessionId/roster/:personId/attendance',
    {
      schema: {
        response: { 204: NoContent },
        tags,
        summary: 'Mark a person present (or not) by the roster',
        params: PersonParams,
        body: z.strictObject({ attended: z.boolean() }),
      },
    },
    async (request, reply) => {
      const { scope, actor } = await access(request, 'write');
      unwrap(
        await training.setAttendance({
          orgId: scope.orgId,
          actor,
          sessionId: request.params.sessionId,
          personId: request.params.personId,
          attended: request.body.attended,
        }),
      );
      return reply.status(204).send(null);
    },
  );

  app.put(
    '/api/v1/orgs/:orgId/training/sessions/:sessionId/roster/:personId/teach-back',
    {
      schema: {
        response: { 204: NoContent },
        tags,
        summary: "Record a candidate trainer's supervised teach-back (master trainers of the session only)",
        params: PersonParams,
        body: z.strictObject({ result: z.enum(['passed', 'not_yet']).nullable() }),
      },
    },
    async (request, reply) => {
      const { scope, actor } = await access(request, 'write');
      unwrap(
        await training.recordTeachBack({
          orgId: scope.orgId,
          actor,
          sessionId: request.params.sessionId,
          personId: request.params.personId,
          result: request.body.result,
        }),
      );
      return reply.status(204).send(null);
    },
  );

  app.put(
    '/api/v1/orgs/:orgId/training/sessions/:sessionId/roster/:personId/tests/:kind',
    {
      schema: {
        tags,
        summary: 'Enter the answers of a test taken on paper (item id → chosen option, counted from 0)',
        params: PersonParams.extend({ kind: TestKind }),
        body: z.strictObject({
          answers: z.record(z.string().max(64), z.number().int().min(0).max(9)),
          takenOn: z.iso.date(),
        }),
        response: { 200: z.object({ percent: z.number() }) },
      },
    },
    async (request) => {
      const { scope, actor } = await access(request, 'write');
      return unwrap(
        await training.recordPaperTest({
          orgId: scope.orgId,
          actor,
          sessionId: request.params.sessionId,
          personId: request.params.personId,
          kind: request.params.kind,
          answers: request.body.answers,
          takenOn: request.body.takenOn,
        }),
      );
    },
  );

  app.get(
    '/api/v1/orgs/:orgId/training/sessions/:sessionId/checkin',
    {
      // Showing the code admits people: a write, though it reads.
      ...gatedBy({ area: 'training', level: 'write' }),
      schema: {
        tags,
        summary: 'The rotating check-in code to show on screen (QR code as SVG); it changes every 30 seconds',
        params: SessionParams,
        response: { 200: z.object({ url: z.string(), secondsLeft: z.number(), svg: z.string() }) },
      },
    },
    async (request, reply) => {
      const { scope } = await access(request, 'write');
      const code = unwrap(await training.checkinCode(scope.orgId, request.params.sessionId));
      const svg = await QRCode.toString(code.url, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 });
      return reply.header('cache-control', 'no-store').send({ ...code, svg });
    },
  );

  app.post(
    '/api/v1/orgs/:orgId/training/sessions/:sessionId/links',
    {
      schema: {
        tags,
        summary: 'E-mail everyone on the roster a fresh personal link to their tests',
        params: SessionParams,
        body: z.strictObject({}).optional(),
        response: { 200: z.object({ sent: z.number() }) },
      },
    },
    async (request) => {
      const { scope, actor } = await access(request, 'write');
      return unwrap(
        await training.sendLearnerLinks({ orgId: scope.orgId, actor, sessionId: request.params.sessionId }),
      );
    },
  );

  app.post(
    '/api/v1/orgs/:orgId/training/sessions/:sessionId/certificates',
    {
      schema: {
        tags,
        summary:
          'Issue certificates to people of the session who completed it (all or nothing: anyone who did not complete fails the request)',
        params: SessionParams,
        body: z.strictObject({ personIds: z.array(z.uuid()).min(1).max(1000) }),
        response: { 200: z.object({ issued: z.number(), skipped: z.number(), achievement: Achievement }) },
      },
    },
    async (request) => {
      const { scope, actor } = await access(request, 'write');
      return unwrap(
        await training.issueCertificates({
          orgId: scope.orgId,
          actor,
          sessionId: request.params.sessionId,
          personIds: request.body.personIds,
        }),
      );
    },
  );
}
