import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, useNavigate } from '@tanstack/react-router';
import { useState } from 'react';
import { Form } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import { api, call, upload } from '../../api';
import { useCanWrite } from '../../session';
import { Button, Field, submitWith, TextAreaField } from '../../ui/fields';
import { ErrorMessage, Loading } from '../../ui/feedback';
import { FileInput } from '../../ui/file-input';
import { formatNumber, todayIso } from '../../ui/format';
import { TrainingNav } from './nav';
import { courseLang, type Course } from './types';

/** The course versions an organisation can teach. */
export function CoursesPage({ orgId }: { orgId: string }) {
  const { t, i18n } = useTranslation();
  const lang = courseLang(i18n.language);
  const courses = useQuery({
    queryKey: ['training-courses', orgId],
    queryFn: () => call(api.GET('/api/v1/orgs/{orgId}/training/courses', { params: { path: { orgId } } })),
  });
  return (
    <>
      <TrainingNav orgId={orgId} />
      <h1>{t('training.courses')}</h1>
      <ErrorMessage error={courses.error} />
      {courses.isPending ? (
        <Loading />
      ) : (
        <ul>
          {(courses.data?.courses ?? []).map((c) => (
            <li key={`${c.id}@${c.version}`}>
              <Link
                to="/o/$orgId/training/courses/$courseId/$version"
                params={{ orgId, courseId: c.id, version: c.version }}
              >
                {c.title[lang]} {c.version}
              </Link>{' '}
              {c.builtIn && <span className="tag">{t('training.builtIn')}</span>}
            </li>
          ))}
        </ul>
      )}
    </>
  );
}

/** One course version: objectives, lessons, the trainer toolkit, and how its test items perform. */
export function CoursePage({
  orgId,
  courseId,
  version,
}: {
  orgId: string;
  courseId: string;
  version: string;
}) {
  const { t, i18n } = useTranslation();
  const lang = courseLang(i18n.language);
  const canWrite = useCanWrite(orgId, 'training');
  const [editing, setEditing] = useState<string | null>(null);
  const course = useQuery({
    queryKey: ['training-course', orgId, courseId, version],
    queryFn: () =>
      call(
        api.GET('/api/v1/orgs/{orgId}/training/courses/{courseId}/{version}', {
          params: { path: { orgId, courseId, version } },
        }),
      ),
  });
  const analysis = useQuery({
    queryKey: ['training-analysis', orgId, courseId, version],
    queryFn: () =>
      call(
        api.GET('/api/v1/orgs/{orgId}/training/courses/{courseId}/{version}/analysis', {
          params: { path: { orgId, courseId, version } },
        }),
      ),
  });
  if (course.isPending) return <Loading />;
  if (!course.data) return <ErrorMessage error={course.error} />;
  const { course: c, html } = course.data;
  const stem = new Map(c.items.map((i) => [i.id, i.stem[lang]]));
  const n = (v: number | null) => (v === null ? '—' : formatNumber(v, i18n.language));
  return (
    <>
      <TrainingNav orgId={orgId} />
      <h1>
        {c.title[lang]} {c.version}
      </h1>
      <p>{c.summary[lang]}</p>
      <p className="notice-box">{c.provenance[lang]}</p>
      <h2>{t('training.objectives')}</h2>
      <ul>
        {c.objectives.map((o, i) => (
          <li key={i}>{o[lang]}</li>
        ))}
      </ul>
      <h2>{t('training.lessons')}</h2>
      {c.topics.map((topic) => (
        <details key={topic.id} className="lesson">
          <summary>{topic.title[lang]}</summary>
          {/* Rendered on the server by markdown-it with raw HTML disabled and links limited to http(s). */}
          <div className="prose" dangerouslySetInnerHTML={{ __html: html.topics[topic.id]?.[lang] ?? '' }} />
          {canWrite &&
            (editing === topic.id ? (
              <EditLesson
                orgId={orgId}
                course={c}
                topicId={topic.id}
                lang={lang}
                onCancel={() => setEditing(null)}
              />
            ) : (
              <Button onPress={() => setEditing(topic.id)}>{t('training.editLesson')}</Button>
            ))}
        </details>
      ))}
      <h2>{t('training.toolkit')}</h2>
      {c.toolkit.map((doc) => (
        <details key={doc.id} className="lesson">
          <summary>{doc.title[lang]}</summary>
          <div className="prose" dangerouslySetInnerHTML={{ __html: html.toolkit[doc.id]?.[lang] ?? '' }} />
        </details>
      ))}
      <ToolkitFiles orgId={orgId} courseId={courseId} canWrite={canWrite} />
      <h2>{t('training.itemAnalysis')}</h2>
      <p className="muted">{t('training.itemAnalysisHelp', { attempts: analysis.data?.attempts ?? 0 })}</p>
      <ErrorMessage error={analysis.error} />
      {analysis.data && analysis.data.items.length > 0 && (
        <div className="table-scroll">
          <table tabIndex={0}>
            <thead>
              <tr>
                <th scope="col">{t('training.item')}</th>
                <th scope="col">{t('training.form')}</th>
                <th scope="col">{t('training.answered')}</th>
                <th scope="col">{t('training.difficulty')}</th>
                <th scope="col">{t('training.discrimination')}</th>
                <th scope="col">{t('training.review')}</th>
              </tr>
            </thead>
            <tbody>
              {analysis.data.items.map((s) => (
                <tr key={s.itemId}>
                  <th scope="row">{stem.get(s.itemId)}</th>
                  <td>{s.form}</td>
                  <td className="num">{n(s.answered)}</td>
                  <td className="num">{n(s.difficulty)}</td>
                  <td className="num">{n(s.discrimination)}</td>
                  <td>{s.review ? t('training.reviewYes') : ''}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}

/** The next patch version: 1.0.0 → 1.0.1. */
function nextVersion(version: string): string {
  const [major = '1', minor = '0', patch = '0'] = version.split('.');
  return `${major}.${minor}.${Number(patch) + 1}`;
}

/**
 * Edits one lesson in the language on screen and saves the course as a new version; sessions already held
 * keep the version they used.
 */
function EditLesson(props: {
  orgId: string;
  course: Course;
  topicId: string;
  lang: 'en' | 'es' | 'fr';
  onCancel: () => void;
}) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const topic = props.course.topics.find((x) => x.id === props.topicId);
  const [text, setText] = useState(topic?.lesson[props.lang] ?? '');
  const [version, setVersion] = useState(nextVersion(props.course.version));
  const save = useMutation({
    mutationFn: () =>
      call(
        api.POST('/api/v1/orgs/{orgId}/training/courses', {
          params: { path: { orgId: props.orgId } },
          body: {
            ...props.course,
            version,
            published: todayIso(),
            topics: props.course.topics.map((x) =>
              x.id === props.topicId ? { ...x, lesson: { ...x.lesson, [props.lang]: text } } : x,
            ),
          },
        }),
      ),
    onSuccess: (saved) =>
      navigate({
        to: '/o/$orgId/training/courses/$courseId/$version',
        params: { orgId: props.orgId, courseId: saved.id, version: saved.version },
      }),
  });
  return (
    <Form className="form" onSubmit={submitWith(() => save.mutate())}>
      <ErrorMessage error={save.error} />
      <TextAreaField
        label={t('training.lessonMarkdown')}
        value={text}
        onChange={setText}
        rows={14}
        maxLength={20_000}
        isRequired
      />
      <Field
        label={t('training.newVersion')}
        name="version"
        value={version}
        onChange={setVersion}
        isRequired
        maxLength={20}
        description={t('training.newVersionHelp')}
      />
      <div className="inline-actions">
        <Button type="submit" variant="primary" isDisabled={save.isPending}>
          {t('training.saveVersion')}
        </Button>
        <Button onPress={props.onCancel}>{t('training.cancel')}</Button>
      </div>
    </Form>
  );
}

/** The organisation's own files for a course (slides, handouts, translations), kept across versions. */
function ToolkitFiles({ orgId, courseId, canWrite }: { orgId: string; courseId: string; canWrite: boolean }) {
  const { t, i18n } = useTranslation();
  const client = useQueryClient();
  const key = ['training-toolkit', orgId, courseId];
  const base = `/api/v1/orgs/${orgId}/training/courses/${courseId}/toolkit`;
  const path = { orgId, courseId };
  const files = useQuery({
    queryKey: key,
    queryFn: () =>
      call(api.GET('/api/v1/orgs/{orgId}/training/courses/{courseId}/toolkit', { params: { path } })),
  });
  const add = useMutation({
    mutationFn: (file: File) =>
      upload('/api/v1/orgs/{orgId}/training/courses/{courseId}/toolkit', { path, file }),
    onSuccess: () => client.invalidateQueries({ queryKey: key }),
  });
  const remove = useMutation({
    mutationFn: (fileId: string) =>
      call(
        api.DELETE('/api/v1/orgs/{orgId}/training/courses/{courseId}/toolkit/{fileId}', {
          params: { path: { ...path, fileId } },
        }),
      ),
    onSuccess: () => client.invalidateQueries({ queryKey: key }),
  });
  const list = files.data?.files ?? [];
  return (
    <section aria-labelledby="toolkit-files">
      <h3 id="toolkit-files">{t('training.toolkitFiles')}</h3>
      <ErrorMessage error={files.error ?? add.error ?? remove.error} />
      {list.length === 0 ? (
        <p className="muted">{t('training.noToolkitFiles')}</p>
      ) : (
        <ul>
          {list.map((f) => (
            <li key={f.id}>
              <a href={`${base}/${f.id}`}>{f.filename}</a>{' '}
              <span className="muted small">
                {formatNumber(Math.max(1, Math.round(f.size / 1024)), i18n.language)} KB
              </span>
              {canWrite && (
                <Button
                  className="inline-button"
                  onPress={() => remove.mutate(f.id)}
                  aria-label={t('training.removeFile', { name: f.filename })}
                >
                  {t('common.delete')}
                </Button>
              )}
            </li>
          ))}
        </ul>
      )}
      {canWrite && <FileInput label={t('training.addToolkitFile')} onFile={(file) => add.mutate(file)} />}
      {add.isPending && <p className="muted">{t('training.uploading')}</p>}
    </section>
  );
}
