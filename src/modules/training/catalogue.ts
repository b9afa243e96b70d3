import type { Db } from '../../platform/db.js';
import { Course, courseSha256, loadBuiltInCourses } from './course.js';
import { findCourse, insertCourse } from './courses.store.js';

/** The course versions an organisation can teach: the built-in ones, stored once per process, and its own. */
export function createCourseCatalogue(db: Db) {
  let builtIns: Promise<void> | undefined;

  /** Stores the built-in courses once per process (a stored version is never rewritten). */
  function ensureBuiltIns(): Promise<void> {
    builtIns ??= (async () => {
      for (const course of loadBuiltInCourses())
        await insertCourse(db, {
          id: course.id,
          version: course.version,
          content: course,
          sha256: courseSha256(course),
          orgId: null,
          createdBy: null,
        });
    })().catch((error: unknown) => {
      // A failure (the database away for a moment) is not remembered: the next call tries again.
      builtIns = undefined;
      throw error;
    });
    return builtIns;
  }

  /** One course version the organisation sees, parsed; undefined when it has none of that id and version. */
  async function load(orgId: string, id: string, version: string): Promise<Course | undefined> {
    await ensureBuiltIns();
    const row = await findCourse(db, { orgId, id, version });
    if (!row) return undefined;
    const parsed = Course.safeParse(row.content);
    if (!parsed.success) throw new Error(`stored course ${id} ${version} no longer parses`);
    return parsed.data;
  }

  return { ensureBuiltIns, load };
}

export type CourseCatalogue = ReturnType<typeof createCourseCatalogue>;
