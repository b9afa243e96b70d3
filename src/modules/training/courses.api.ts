import { z } from 'zod';
import { fail, unwrap } from '../../platform/errors.js';
import {
  requestLocale,
  sendDownload,
  UploadFilename,
  uploadedFile,
  type App,
  NoContent,
  fileResponse,
  PDF,
  UPLOAD_MEDIA_TYPES,
} from '../../platform/http.js';
import { roleAllows } from '../identity/index.js';
import { renderMarkdown } from '../../platform/markdown.js';
import { CourseView, Form, FORM_OF, TestKind } from './course.js';
import { testFormPdf } from './report.js';
import {
  OrgParams,
  CourseParams,
  Lang,
  Localized,
  tags,
  type TrainingRouteDeps,
} from './training.schemas.js';

/** A lesson or toolkit text rendered to safe HTML, in each language. */
const Html = z.object({ en: z.string(), es: z.string(), fr: z.string() });

/** Courses: versions, lessons, printable tests, toolkit files, item analysis, saving edited versions. */
export function courseRoutes(app: App, deps: TrainingRouteDeps): void {
  const { training, access } = deps;
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
        response: {
          200: z.object({
            course: CourseView,
            forms: z.record(TestKind, Form),
            html: z.object({ topics: z.record(z.string(), Html), toolkit: z.record(z.string(), Html) }),
          }),
        },
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
        ...fileResponse(PDF),
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
        ...fileResponse(...UPLOAD_MEDIA_TYPES),
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
        response: { 204: NoContent },
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
      return reply.status(204).send(null);
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
        response: {
          200: z.object({
            attempts: z.number(),
            items: z.array(
              z.object({
                itemId: z.string(),
                topic: z.string(),
                form: z.string(),
                answered: z.number(),
                difficulty: z.number(),
                discrimination: z.number().nullable(),
                review: z.boolean(),
              }),
            ),
          }),
        },
      },
    },
    async (request) => {
      const { scope } = await access(request, 'read');
      return unwrap(
        await training.itemAnalysis(scope.orgId, request.params.courseId, request.params.version),
      );
    },
  );
}
