import type { Readable } from 'node:stream';
import { z } from 'zod';
import type { Actor } from '../../platform/actor.js';
import { fail, type Problem } from '../../platform/errors.js';
import { recordStoredFile } from '../../platform/files.js';
import { newId } from '../../platform/ids.js';
import { ok, type Result } from '../../platform/result.js';
import type { CourseCatalogue } from './catalogue.js';
import { Course, courseSha256 } from './course.js';
import {
  courseVersionExists,
  deleteToolkitFile,
  insertCourse,
  insertToolkitFile,
  listCourses,
  listToolkitFiles,
  type ToolkitFileRow,
} from './courses.store.js';
import type { TrainingDeps } from './training.service.js';

/** Courses the organisation teaches (built-in versions and its own) and the toolkit files kept with them. */
export function coursesPart(
  deps: Pick<TrainingDeps, 'db' | 'tx' | 'files'> & { readonly catalogue: CourseCatalogue },
) {
  const { db, tx, catalogue } = deps;
  return {
    /** Course versions the organisation can use: the built-in ones and its own. */
    async courses(
      orgId: string,
    ): Promise<{ id: string; version: string; title: Course['title']; builtIn: boolean; createdAt: Date }[]> {
      await catalogue.ensureBuiltIns();
      const rows = await listCourses(db, orgId);
      return rows.flatMap((r) => {
        const parsed = Course.safeParse(r.content);
        return parsed.success
          ? [
              {
                id: r.id,
                version: r.version,
                title: parsed.data.title,
                builtIn: r.orgId === null,
                createdAt: r.createdAt,
              },
            ]
          : [];
      });
    },

    /** One course version, whole. */
    async course(orgId: string, id: string, version: string): Promise<Result<Course, Problem>> {
      const course = await catalogue.load(orgId, id, version);
      return course ? ok(course) : fail('not_found', 'course_not_found');
    },

    /**
     * Saves a new version of a course written or edited by the organisation. A stored version never changes:
     * the same id and version again answers a conflict.
     */
    async saveCourse(q: {
      orgId: string;
      actor: Actor;
      content: unknown;
    }): Promise<Result<{ id: string; version: string }, Problem>> {
      const parsed = Course.safeParse(q.content);
      if (!parsed.success)
        return fail('invalid', 'course_invalid', {
          params: { detail: z.prettifyError(parsed.error).slice(0, 500) },
        });
      const course = parsed.data;
      await catalogue.ensureBuiltIns();
      return tx.run(q.actor, async (t, record) => {
        if (await courseVersionExists(t, { orgId: q.orgId, id: course.id, version: course.version }))
          return fail('conflict', 'course_version_exists', { params: { version: course.version } });
        await insertCourse(t, {
          id: course.id,
          version: course.version,
          content: course,
          sha256: courseSha256(course),
          orgId: q.orgId,
          createdBy: q.actor.userId,
        });
        await record({
          action: 'training.course_saved',
          orgId: q.orgId,
          targetType: 'course',
          targetId: `${course.id}@${course.version}`,
        });
        return ok({ id: course.id, version: course.version });
      });
    },

    /** The organisation's toolkit files of a course (slides, handouts, translations). */
    toolkitFiles(orgId: string, courseId: string): Promise<ToolkitFileRow[]> {
      return listToolkitFiles(db, { orgId, courseId });
    },

    /** Keeps a toolkit file with a course, for every version of it. */
    async addToolkitFile(q: {
      orgId: string;
      actor: Actor;
      courseId: string;
      filename: string;
      mediaType: string;
      content: Buffer;
    }): Promise<Result<{ id: string }, Problem>> {
      await catalogue.ensureBuiltIns();
      if (!(await listCourses(db, q.orgId)).some((c) => c.id === q.courseId))
        return fail('not_found', 'course_not_found');
      const stored = await deps.files.put(q.content);
      if (!stored.ok) return stored;
      const id = newId();
      return tx.run(q.actor, async (t, record) => {
        await recordStoredFile(t, stored.value);
        await insertToolkitFile(t, {
          id,
          orgId: q.orgId,
          courseId: q.courseId,
          filename: q.filename,
          sha256: stored.value.sha256,
          size: stored.value.size,
          mediaType: q.mediaType,
          uploadedBy: q.actor.userId,
        });
        await record({
          action: 'training.toolkit_file_added',
          orgId: q.orgId,
          targetType: 'course',
          targetId: q.courseId,
          summary: { file: id, filename: q.filename, sha256: stored.value.sha256 },
        });
        return ok({ id });
      });
    },

    /** Opens a toolkit file for download. */
    async openToolkitFile(q: {
      orgId: string;
      courseId: string;
      id: string;
    }): Promise<Result<{ filename: string; mediaType: string; stream: Readable }, Problem>> {
      const [file] = await listToolkitFiles(db, q);
      const stream = file && deps.files.open(file.sha256);
      if (!file || !stream) return fail('not_found', 'toolkit_file_not_found');
      return ok({ filename: file.filename, mediaType: file.mediaType, stream });
    },

    /** Takes a toolkit file off a course. */
    async removeToolkitFile(q: {
      orgId: string;
      actor: Actor;
      courseId: string;
      id: string;
    }): Promise<Result<true, Problem>> {
      return tx.run(q.actor, async (t, record) => {
        if (!(await deleteToolkitFile(t, q))) return fail('not_found', 'toolkit_file_not_found');
        await record({
          action: 'training.toolkit_file_removed',
          orgId: q.orgId,
          targetType: 'course',
          targetId: q.courseId,
          summary: { file: q.id },
        });
        return ok(true);
      });
    },
  };
}
