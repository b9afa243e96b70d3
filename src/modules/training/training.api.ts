import type { Clock } from '../../platform/clock.js';
import QRCode from 'qrcode';
import { z } from 'zod';
import { fail, unwrap } from '../../platform/errors.js';
import { requestLocale, sendDownload, UploadFilename, uploadedFile, type App } from '../../platform/http.js';
import { roleAllows, type RequireAccess } from '../identity/index.js';
import { Achievement } from './achievements.js';
import { GENDER_KEYS, type TrainerNode } from './analysis.js';
import { certificatePdf } from './certificate-pdf.js';
import { FORM_OF, renderMarkdown, TestKind } from './course.js';
import type { CredentialsService } from './credentials.service.js';
import { cascadePdf, cascadeXlsx, testFormPdf } from './report.js';
import { Gender, type RosterView, type SessionView, type TrainingService } from './training.service.js';

const OrgParams = z.strictObject({ orgId: z.uuid() });
const SessionParams = OrgParams.extend({ sessionId: z.uuid() });
const PersonParams = SessionParams.extend({ personId: z.uuid() });
// Unknown ids and versions answer 404 from the service, like any other missing course.
const CourseParams = OrgParams.extend({ courseId: z.string().max(100), version: z.string().max(100) });
const text = (max: number) => z.string().trim().max(max);
const Lang = z.strictObject({ lang: z.enum(['en', 'es', 'fr']).optional() });
const TrainerRef = z.union([z.strictObject({ personId: z.uuid() }), z.strictObject({ userId: z.uuid() })]);
const PersonIn = z.strictObject({
  name: text(200).min(1),
  email: z.email().max(320),
  gender: Gender.nullable().default(null),
  unitId: z.uuid().nullable().default(null),
});
const Localized = z.object({ en: z.string(), es: z.string(), fr: z.string() });
const Status = z.enum(['valid', 'expired', 'revoked', 'suspended', 'not_yet_valid']);

const SessionBody = z.strictObject({
  courseId: text(63),
  courseVersion: text(20),
  title: text(200).min(2),
  startsOn: z.iso.date(),
  place: text(300).default(''),
  remote: z.boolean().default(false),
  generation: z.number().int().min(0).max(9),
  audience: z.enum(['officials', 'trainers']),
  unitId: z.uuid().nullable().default(null),
  lead: TrainerRef,
  coTrainers: z.array(TrainerRef).max(10).default([]),
});
const SessionPatch = z.strictObject({
  version: z.number().int().min(1),
  title: text(200).min(2).optional(),
  startsOn: z.iso.date().optional(),
  place: text(300).optional(),
  remote: z.boolean().optional(),
  unitId: z.uuid().nullable().optional(),
  closed: z.boolean().optional(),
});

const PersonOut = z.object({
  id: z.string(),
  name: z.string(),
  email: z.string(),
  gender: z.string().nullable(),
  unitId: z.string().nullable(),
  userId: z.string().nullable(),
});
const Test = z.object({ percent: z.number().nullable(), submitted: z.boolean() }).nullable();
const SessionSummaryOut = z.object({
  id: z.string(),
  courseId: z.string(),
  courseVersion: z.string(),
  title: z.string(),
  startsOn: z.string(),
  place: z.string(),
  remote: z.boolean(),
  generation: z.number(),
  audience: z.enum(['officials', 'trainers']),
  unitId: z.string().nullable(),
  status: z.enum(['open', 'closed']),
  version: z.number(),
});
const SessionOut = z.object({
  session: SessionSummaryOut,
  courseTitle: Localized,
  rules: z.object({
    completion: z.object({ attendance: z.boolean(), postTestMin: z.number() }),
    trainerCertification: z.object({ postTestMin: z.number(), teachBack: z.boolean() }),
  }),
  trainers: z.array(z.object({ person: PersonOut, role: z.enum(['lead', 'co']) })),
  roster: z.array(
    z.object({
      person: PersonOut,
      attendedAt: z.string().nullable(),
      attendanceMethod: z.enum(['roster', 'qr']).nullable(),
      teachBack: z.enum(['passed', 'not_yet']).nullable(),
      tests: z.object({ pre: Test, post: Test, delayed: Test }),
      completion: z.object({
        completed: z.boolean(),
        trainerCertified: z.boolean(),
        missing: z.array(z.string()),
      }),
      certificates: z.array(z.object({ id: z.string(), achievement: z.string(), status: Status })),
    }),
  ),
  summary: z.object({
    enrolled: z.number(),
    attended: z.number(),
    completed: z.number(),
    preMean: z.number().nullable(),
    postMean: z.number().nullable(),
    gain: z.number().nullable(),
  }),
});

function presentSession(view: SessionView) {
  return {
    ...view,
    trainers: [...view.trainers],
    roster: view.roster.map((r: RosterView) => ({
      ...r,
      attendedAt: r.attendedAt?.toISOString() ?? null,
      completion: { ...r.completion, missing: [...r.completion.missing] },
      certificates: [...r.certificates],
    })),
  };
}

const Breakdown = z.record(z.string(), z.number());
const TrainerNode: z.ZodType = z.lazy(() =>
  z.object({
    personId: z.string(),
    name: z.string(),
    generation: z.number(),
    certified: z.boolean(),
    master: z.boolean(),
    sessionsDelivered: z.number(),
    trained: z.number(),
    downline: z.number(),
    children: z.array(TrainerNode),
  }),
);
const CascadeOut = z.object({
  generations: z.array(
    z.object({
      generation: z.number(),
      sessions: z.number(),
      reach: z.number(),
      byGender: Breakdown,
      byUnit: Breakdown,
      preMean: z.number().nullable(),
      postMean: z.number().nullable(),
      gain: z.number().nullable(),
      gainByGender: z.record(z.string(), z.number().nullable()),
      delayedMean: z.number().nullable(),
      retention: z.number().nullable(),
      delayedTaken: z.number(),
    }),
  ),
  reach: z.number(),
  byGender: Breakdown,
  byUnit: Breakdown,
  trainersCertified: z.number(),
  cascadeTrained: z.number(),
  directTrained: z.number(),
  multiplier: z.number().nullable(),
  activation: z.number().nullable(),
  activeTrainers: z.number(),
  retention: z.number().nullable(),
  retentionEligible: z.number(),
  depth: z.number(),
  tree: z.array(TrainerNode),
  units: z.record(z.string(), z.string()),
  genders: z.array(z.string()),
});

/** Response shapes, for the web app's typed client. */
export type SessionResponse = z.infer<typeof SessionOut>;
export type CascadeResponse = Omit<z.infer<typeof CascadeOut>, 'tree'> & { tree: TrainerNode[] };

const tags = ['training'];

/** Routes for trainers and coordinators: courses, sessions, rosters, check-in, certificates, the cascade. */
export function trainingRoutes(
  app: App,
  deps: {
    training: TrainingService;
    credentials: CredentialsService;
    requireAccess: RequireAccess;
    clock: Clock;
  },
): void {
  const { training, credentials, requireAccess } = deps;
  const access = (request: { params: { orgId: string } }, level: 'read' | 'write') =>
    requireAccess(request as Parameters<RequireAccess>[0], {
      orgId: request.params.orgId,
      area: 'training',
      level,
    });

  app.get(
    '/api/v1/orgs/:orgId/training/courses',
    {
      schema: {
        tags,
        summary: 'Course versions the organisation can teach',
        params: OrgParams,
        response: {
          200: z.object({
            courses: z.array(
              z.object({
                id: z.string(),
                version: z.string(),
                title: Localized,
                builtIn: z.boolean(),
                createdAt: z.string(),
              }),
            ),
          }),
        },
      },
    },
    async (request) => {
      const { scope } = await access(request, 'read');
      const courses = await training.courses(scope.orgId);
      return { courses: courses.map((c) => ({ ...c, createdAt: c.createdAt.toISOString() })) };
    },
  );

  app.get(
    '/api/v1/orgs/:orgId/training/courses/:courseId/:version',
    {
      schema: {
        tags,
        summary:
          'One course version: lessons (Markdown and safe HTML), toolkit, objectives, rules, item bank (answers only for those who may edit training)',
        params: CourseParams,
      },
    },
    async (request) => {
      const { scope } = await access(request, 'read');
      const course = unwrap(
        await training.course(scope.orgId, request.params.courseId, request.params.version),
      );
      // Staff who read the course may sit its tests: the answer key goes only to members who run training.
      const seesAnswers = scope.role !== null && roleAllows(scope.role, 'training', 'write');
      const html = (t: { en: string; es: string; fr: string }) => ({
        en: renderMarkdown(t.en),
        es: renderMarkdown(t.es),
        fr: renderMarkdown(t.fr),
      });
      return {
        course: seesAnswers
          ? course
          : {
              ...course,
              items: course.items.map((i) => ({
                id: i.id,
                topic: i.topic,
                form: i.form,
                stem: i.stem,
                options: i.options,
              })),
            },
        forms: FORM_OF,
        html: {
          topics: Object.fromEntries(course.topics.map((t) => [t.id, html(t.lesson)])),
          toolkit: Object.fromEntries(course.toolkit.map((t) => [t.id, html(t.body)])),
        },
      };
    },
  );

  app.get(
    '/api/v1/orgs/:orgId/training/courses/:courseId/:version/tests/:kind.pdf',
    {
      schema: {
        tags,
        summary: 'A test of the course as a PDF to print, for sessions without phones or connection',
        // A bad kind answers 404 like an unknown course, after the access check: outsiders learn nothing.
        params: CourseParams.extend({ kind: z.string().max(100) }),
        querystring: Lang,
      },
    },
    async (request, reply) => {
      const { scope } = await access(request, 'read');
      const course = unwrap(
        await training.course(scope.orgId, request.params.courseId, request.params.version),
      );
      const kind = TestKind.safeParse(request.params.kind);
      if (!kind.success) return unwrap(fail('not_found', 'route_not_found'));
      const pdf = await testFormPdf(course, kind.data, requestLocale(request));
      return reply
        .type('application/pdf')
        .header('content-disposition', `attachment; filename="${course.id}-${kind.data}-test.pdf"`)
        .send(pdf);
    },
  );

  const ToolkitParams = OrgParams.extend({ courseId: z.string().max(100) });

  app.get(
    '/api/v1/orgs/:orgId/training/courses/:courseId/toolkit',
    {
      schema: {
        tags,
        summary: "The organisation's toolkit files for a course (slides, handouts), across its versions",
        params: ToolkitParams,
        response: {
          200: z.object({
            files: z.array(
              z.object({
                id: z.string(),
                filename: z.string(),
                mediaType: z.string(),
                size: z.number(),
                uploadedAt: z.string(),
              }),
            ),
          }),
        },
      },
    },
    async (request) => {
      const { scope } = await access(request, 'read');
      const files = await training.toolkitFiles(scope.orgId, request.params.courseId);
      return {
        files: files.map((f) => ({
          id: f.id,
          filename: f.filename,
          mediaType: f.mediaType,
          size: f.size,
          uploadedAt: f.uploadedAt.toISOString(),
        })),
      };
    },
  );

  app.post(
    '/api/v1/orgs/:orgId/training/courses/:courseId/toolkit',
    {
      schema: {
        tags,
        summary: 'Add a toolkit file to a course (raw bytes; file name in the query)',
        params: ToolkitParams,
        querystring: z.strictObject({ filename: UploadFilename }),
        response: { 201: z.object({ id: z.string() }) },
      },
    },
    async (request, reply) => {
      const { scope, actor } = await access(request, 'write');
      const added = await training.addToolkitFile({
        orgId: scope.orgId,
        actor,
        courseId: request.params.courseId,
        filename: request.query.filename,
        ...uploadedFile(request),
      });
      return reply.status(201).send(unwrap(added));
    },
  );

  app.get(
    '/api/v1/orgs/:orgId/training/courses/:courseId/toolkit/:fileId',
    {
      schema: {
        tags,
        summary: 'Download a toolkit file',
        params: ToolkitParams.extend({ fileId: z.uuid() }),
      },
    },
    async (request, reply) => {
      const { scope } = await access(request, 'read');
      const file = unwrap(
        await training.openToolkitFile({
          orgId: scope.orgId,
          courseId: request.params.courseId,
          id: request.params.fileId,
        }),
      );
      return sendDownload(reply, file);
    },
  );

  app.delete(
    '/api/v1/orgs/:orgId/training/courses/:courseId/toolkit/:fileId',
    {
      schema: {
        tags,
        summary: 'Remove a toolkit file from a course',
        params: ToolkitParams.extend({ fileId: z.uuid() }),
      },
    },
    async (request, reply) => {
      const { scope, actor } = await access(request, 'write');
      unwrap(
        await training.removeToolkitFile({
          orgId: scope.orgId,
          actor,
          courseId: request.params.courseId,
          id: request.params.fileId,
        }),
      );
      return reply.status(204).send();
    },
  );

  app.post(
    '/api/v1/orgs/:orgId/training/courses',
    {
      schema: {
        tags,
        summary: 'Save a new course version (an edited or imported atalaya.course/1 document)',
        params: OrgParams,
        body: z.record(z.string(), z.unknown()),
        response: { 201: z.object({ id: z.string(), version: z.string() }) },
      },
    },
    async (request, reply) => {
      const { scope, actor } = await access(request, 'write');
      return reply
        .status(201)
        .send(unwrap(await training.saveCourse({ orgId: scope.orgId, actor, content: request.body })));
    },
  );

  app.get(
    '/api/v1/orgs/:orgId/training/courses/:courseId/:version/analysis',
    {
      schema: {
        tags,
        summary:
          "Item analysis of a course version over the organisation's tests (difficulty, discrimination)",
        params: CourseParams,
      },
    },
    async (request) => {
      const { scope } = await access(request, 'read');
      return unwrap(
        await training.itemAnalysis(scope.orgId, request.params.courseId, request.params.version),
      );
    },
  );

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
    { schema: { tags, summary: 'Take a person off the roster', params: PersonParams } },
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
      return reply.status(204).send();
    },
  );

  app.put(
    '/api/v1/orgs/:orgId/training/sessions/:sessionId/roster/:personId/attendance',
    {
      schema: {
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
      return reply.status(204).send();
    },
  );

  app.put(
    '/api/v1/orgs/:orgId/training/sessions/:sessionId/roster/:personId/teach-back',
    {
      schema: {
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
      return reply.status(204).send();
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

  app.post(
    '/api/v1/orgs/:orgId/training/people/:personId/master-certificate',
    {
      schema: {
        tags,
        summary: 'Certify a certified trainer who has delivered sessions as a master trainer',
        params: OrgParams.extend({ personId: z.uuid() }),
        body: z.strictObject({}).optional(),
        response: { 201: z.object({ id: z.string() }) },
      },
    },
    async (request, reply) => {
      const { scope, actor } = await access(request, 'write');
      return reply
        .status(201)
        .send(
          unwrap(
            await training.certifyMaster({ orgId: scope.orgId, actor, personId: request.params.personId }),
          ),
        );
    },
  );

  app.get(
    '/api/v1/orgs/:orgId/training/certificates',
    {
      schema: {
        tags,
        summary: 'Certificates the organisation issued',
        params: OrgParams,
        response: {
          200: z.object({
            certificates: z.array(
              z.object({
                id: z.string(),
                achievement: z.string(),
                holder: z.string(),
                sessionId: z.string().nullable(),
                status: Status,
                issuedAt: z.string(),
                validUntil: z.string().nullable(),
                revokedReason: z.string().nullable(),
                verifyUrl: z.string(),
              }),
            ),
          }),
        },
      },
    },
    async (request) => {
      const { scope } = await access(request, 'read');
      const rows = await training.certificates(scope.orgId);
      return {
        certificates: rows.map((r) => ({
          ...r,
          issuedAt: r.issuedAt.toISOString(),
          validUntil: r.validUntil?.toISOString() ?? null,
        })),
      };
    },
  );

  app.post(
    '/api/v1/orgs/:orgId/training/certificates/revoke',
    {
      schema: {
        tags,
        summary: 'Revoke certificates for good, with a recorded reason (status lists change at once)',
        params: OrgParams,
        body: z.strictObject({ ids: z.array(z.uuid()).min(1).max(1000), reason: text(2000).min(3) }),
        response: { 200: z.object({ revoked: z.number() }) },
      },
    },
    async (request) => {
      const { scope, actor } = await access(request, 'write');
      return unwrap(
        await credentials.revoke({
          orgId: scope.orgId,
          actor,
          ids: request.body.ids,
          reason: request.body.reason,
        }),
      );
    },
  );

  app.post(
    '/api/v1/orgs/:orgId/training/certificates/suspend',
    {
      schema: {
        tags,
        summary: 'Suspend certificates, or lift a suspension',
        params: OrgParams,
        body: z.strictObject({ ids: z.array(z.uuid()).min(1).max(1000), suspended: z.boolean() }),
        response: { 200: z.object({ changed: z.number() }) },
      },
    },
    async (request) => {
      const { scope, actor } = await access(request, 'write');
      return unwrap(
        await credentials.suspend({
          orgId: scope.orgId,
          actor,
          ids: request.body.ids,
          suspended: request.body.suspended,
        }),
      );
    },
  );

  app.get(
    '/api/v1/orgs/:orgId/training/certificates/:certificateId/pdf',
    {
      schema: {
        tags,
        summary: 'A printable PDF certificate with a QR code to its verification page',
        params: OrgParams.extend({ certificateId: z.uuid() }),
        querystring: Lang,
      },
    },
    async (request, reply) => {
      const { scope } = await access(request, 'read');
      const sheet = unwrap(await training.certificateSheet(scope.orgId, request.params.certificateId));
      const pdf = await certificatePdf({ ...sheet, locale: requestLocale(request) });
      return reply
        .type('application/pdf')
        .header('content-disposition', `attachment; filename="certificate-${sheet.id.slice(0, 8)}.pdf"`)
        .send(pdf);
    },
  );

  app.get(
    '/api/v1/orgs/:orgId/training/issuer',
    {
      schema: {
        tags,
        summary: "The organisation's issuer profile address and its signing keys",
        params: OrgParams,
        response: {
          200: z.object({
            issuer: z.string(),
            keys: z.array(
              z.object({ id: z.string(), active: z.boolean(), retiredAt: z.string().nullable() }),
            ),
          }),
        },
      },
    },
    async (request) => {
      const { scope } = await access(request, 'read');
      const keys = await credentials.signingKeys(scope.orgId);
      return {
        issuer: credentials.issuerUrl(scope.orgId),
        keys: keys.map((k) => ({ ...k, retiredAt: k.retiredAt?.toISOString() ?? null })),
      };
    },
  );

  app.post(
    '/api/v1/orgs/:orgId/training/issuer/rotate',
    {
      schema: {
        tags,
        summary:
          'Sign with a new key from now on (organisation administrators only); earlier certificates stay verifiable',
        params: OrgParams,
        body: z.strictObject({}).optional(),
        response: { 201: z.object({ keyId: z.string() }) },
      },
    },
    async (request, reply) => {
      // Changing the organisation's signing identity is an administrator's act, not a trainer's.
      const { scope, actor } = await requireAccess(request, {
        orgId: request.params.orgId,
        area: 'identity',
        level: 'write',
      });
      return reply.status(201).send(unwrap(await credentials.rotateKey({ orgId: scope.orgId, actor })));
    },
  );

  app.get(
    '/api/v1/orgs/:orgId/training/cascade',
    {
      schema: {
        tags,
        summary:
          'The training-of-trainers cascade: reach, multiplier, activation, retention, gain by generation, tree',
        params: OrgParams,
        response: { 200: CascadeOut },
      },
    },
    async (request) => {
      const { scope } = await access(request, 'read');
      return { ...(await training.cascade(scope.orgId)), genders: [...GENDER_KEYS] };
    },
  );

  for (const format of ['xlsx', 'pdf'] as const) {
    app.get(
      `/api/v1/orgs/:orgId/training/cascade.${format}`,
      {
        schema: {
          tags,
          summary: format === 'pdf' ? 'PDF cascade report' : 'Cascade measures as an XLSX workbook',
          params: OrgParams,
          querystring: Lang,
        },
      },
      async (request, reply) => {
        const { scope } = await access(request, 'read');
        const metrics = await training.cascade(scope.orgId);
        const locale = requestLocale(request);
        const orgName = await training.issuerName(scope.orgId);
        const body =
          format === 'pdf'
            ? await cascadePdf(metrics, { locale, orgName, generatedOn: deps.clock.now() })
            : await cascadeXlsx(metrics, { locale });
        return reply
          .type(
            format === 'pdf'
              ? 'application/pdf'
              : 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
          )
          .header('content-disposition', `attachment; filename="training-cascade.${format}"`)
          .send(body);
      },
    );
  }
}
