import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { useState } from 'react';
import { Form } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import { api, call, type Body } from '../../api';
import { useCanWrite } from '../../session';
import { Button, Check, Choice, Field, submitWith } from '../../ui/fields';
import { Empty, ErrorMessage, Loading } from '../../ui/feedback';
import { formatDate, formatDateTime, todayIso } from '../../ui/format';
import { GRADES, type Directory, type Item, type Status } from './types';
import { BackToRoadmap } from './back';
import { OwnerChoices } from './owner-choices';

/** One roadmap item: its fields, workflow, milestones, progress notes and grade history. */
export function ItemPage({ orgId, itemId }: { orgId: string; itemId: string }) {
  const { t, i18n } = useTranslation();
  const client = useQueryClient();
  const canWrite = useCanWrite(orgId, 'roadmap');
  const key = ['roadmap-item', orgId, itemId];
  const item = useQuery({
    queryKey: key,
    queryFn: () =>
      call(api.GET('/api/v1/orgs/{orgId}/roadmap/items/{itemId}', { params: { path: { orgId, itemId } } })),
  });
  const directory = useQuery({
    queryKey: ['roadmap-directory', orgId],
    queryFn: () => call(api.GET('/api/v1/orgs/{orgId}/roadmap/directory', { params: { path: { orgId } } })),
  });
  const path = { orgId, itemId };
  // Every change sends the version read; the answer is the item as it is now.
  const change = useMutation({
    mutationFn: (send: (version: number) => Promise<Item>) => send(item.data?.version ?? 0),
    onSuccess: async (updated) => {
      client.setQueryData(key, updated);
      await client.invalidateQueries({ queryKey: ['roadmap-items', orgId] });
      await client.invalidateQueries({ queryKey: ['roadmap-dashboard', orgId] });
    },
  });
  if (item.isPending) return <Loading />;
  if (!item.data) return <ErrorMessage error={item.error} />;
  const i = item.data;
  const people = new Map((directory.data?.people ?? []).map((p) => [p.id, p.name]));
  const units = new Map((directory.data?.units ?? []).map((u) => [u.id, u.name]));
  const move = (status: Status, reason = '') =>
    change.mutate((version) =>
      call(
        api.POST('/api/v1/orgs/{orgId}/roadmap/items/{itemId}/status', {
          params: { path },
          body: { version, status, reason },
        }),
      ),
    );
  const assessmentId = i.origin['assessmentId'];
  const controlId = i.origin['controlId'];

  return (
    <>
      <BackToRoadmap orgId={orgId} />
      <h1>{i.title}</h1>
      <p>
        <span className="tag">{t(`roadmap.statuses.${i.status}`)}</span> {t(`roadmap.kinds.${i.kind}`)} ·{' '}
        {t(`roadmap.sources.${i.source}`)} · {i.priority}
        {i.priorityFlag && ` ★ ${t('roadmap.priorityFlag')}`}
      </p>
      {assessmentId && controlId && (
        <p>
          {t('roadmap.fromAssessment', { control: controlId })} —{' '}
          <Link to="/o/$orgId/assessments/$assessmentId" params={{ orgId, assessmentId }}>
            {t('roadmap.openAssessment')}
          </Link>
        </p>
      )}
      <ErrorMessage error={change.error} />
      {canWrite && (
        <div className="toolbar">
          {i.nextStatuses
            .filter((s) => s !== 'rejected')
            .map((s) => (
              <Button key={s} variant="primary" isDisabled={change.isPending} onPress={() => move(s)}>
                {t('roadmap.moveTo', { status: t(`roadmap.statuses.${s}`) })}
              </Button>
            ))}
          {i.nextStatuses.includes('rejected') && <Reject onReject={(reason) => move('rejected', reason)} />}
        </div>
      )}
      <section className="panel" aria-labelledby="details">
        <h2 id="details">{t('roadmap.details')}</h2>
        {i.description && <p className="pre-line">{i.description}</p>}
        <dl>
          {i.statusReason && (
            <>
              <dt>{t('roadmap.reason')}</dt>
              <dd>{i.statusReason}</dd>
            </>
          )}
          <dt>{t('roadmap.area')}</dt>
          <dd>{i.area ? t(`roadmap.areas.${i.area}`) : '—'}</dd>
          <dt>{t('roadmap.addressee')}</dt>
          <dd>{i.addressee || '—'}</dd>
          <dt>{t('roadmap.instrument')}</dt>
          <dd>{t(`roadmap.instruments.${i.instrument ?? 'none'}`)}</dd>
          <dt>{t('roadmap.paragraphRef')}</dt>
          <dd>{i.paragraphRef || '—'}</dd>
          <dt>{t('roadmap.horizon')}</dt>
          <dd>{t(`roadmap.horizons.${i.horizon}`)}</dd>
          <dt>{t('roadmap.donorFundable')}</dt>
          <dd>{i.donorFundable ? t('common.yes') : t('common.no')}</dd>
        </dl>
        {canWrite ? (
          <Assignment
            orgId={orgId}
            item={i}
            directory={directory.data}
            onSave={(body) =>
              change.mutate((version) =>
                call(
                  api.PATCH('/api/v1/orgs/{orgId}/roadmap/items/{itemId}', {
                    params: { path },
                    body: { version, ...body },
                  }),
                ),
              )
            }
          />
        ) : (
          <dl>
            <dt>{t('roadmap.owner')}</dt>
            <dd>
              {[i.ownerUserId && people.get(i.ownerUserId), i.ownerUnitId && units.get(i.ownerUnitId)]
                .filter(Boolean)
                .join(' · ') || '—'}
            </dd>
            <dt>{t('roadmap.dueOn')}</dt>
            <dd>{i.dueOn ? formatDate(i.dueOn, i18n.language) : t('roadmap.noDue')}</dd>
          </dl>
        )}
      </section>
      <section className="panel" aria-labelledby="milestones">
        <h2 id="milestones">{t('roadmap.milestones')}</h2>
        {i.milestones.length === 0 ? (
          <Empty>{t('roadmap.noMilestones')}</Empty>
        ) : (
          <ul>
            {i.milestones.map((m) => (
              <li key={m.id}>
                <Check
                  isSelected={m.doneOn !== null}
                  onChange={(done) => {
                    if (canWrite)
                      change.mutate((version) =>
                        call(
                          api.PATCH('/api/v1/orgs/{orgId}/roadmap/items/{itemId}/milestones/{milestoneId}', {
                            params: { path: { ...path, milestoneId: m.id } },
                            body: { version, done },
                          }),
                        ),
                      );
                  }}
                >
                  {m.title}
                  {m.dueOn && ` — ${formatDate(m.dueOn, i18n.language)}`}
                </Check>
              </li>
            ))}
          </ul>
        )}
        {canWrite && (
          <AddMilestone
            onAdd={(title, dueOn) =>
              change.mutate((version) =>
                call(
                  api.POST('/api/v1/orgs/{orgId}/roadmap/items/{itemId}/milestones', {
                    params: { path },
                    body: { version, title, dueOn: dueOn || null },
                  }),
                ),
              )
            }
          />
        )}
      </section>
      <section className="panel" aria-labelledby="updates">
        <h2 id="updates">{t('roadmap.updates')}</h2>
        {i.updates.length === 0 ? (
          <Empty>{t('roadmap.noUpdates')}</Empty>
        ) : (
          <ul>
            {i.updates.map((u) => (
              <li key={u.id}>
                <span className="muted">
                  {formatDateTime(u.at, i18n.language)} · {u.by ?? '—'}
                </span>
                <p className="pre-line">{u.body}</p>
              </li>
            ))}
          </ul>
        )}
        {canWrite && (
          <AddNote
            onAdd={(body) =>
              change.mutate((version) =>
                call(
                  api.POST('/api/v1/orgs/{orgId}/roadmap/items/{itemId}/updates', {
                    params: { path },
                    body: { version, body },
                  }),
                ),
              )
            }
          />
        )}
      </section>
      <section className="panel" aria-labelledby="grades">
        <h2 id="grades">{t('roadmap.gradeHistory')}</h2>
        <p className="muted">{t('roadmap.gradeHelp')}</p>
        {i.grades.length === 0 ? (
          <Empty>{t('roadmap.noGrades')}</Empty>
        ) : (
          <table tabIndex={0}>
            <thead>
              <tr>
                <th scope="col">{t('roadmap.gradedOn')}</th>
                <th scope="col">{t('roadmap.grade')}</th>
                <th scope="col">{t('roadmap.assessor')}</th>
                <th scope="col">{t('roadmap.rationale')}</th>
              </tr>
            </thead>
            <tbody>
              {i.grades.map((g) => (
                <tr key={g.id}>
                  <td>{formatDate(g.gradedOn, i18n.language)}</td>
                  <td>{t(`roadmap.grades.${g.grade}`)}</td>
                  <td>{g.assessor}</td>
                  <td>{g.rationale}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        {canWrite && (
          <AddGrade
            onAdd={(body) =>
              change.mutate((version) =>
                call(
                  api.POST('/api/v1/orgs/{orgId}/roadmap/items/{itemId}/grades', {
                    params: { path },
                    body: { version, ...body },
                  }),
                ),
              )
            }
          />
        )}
      </section>
    </>
  );
}

function Reject({ onReject }: { onReject: (reason: string) => void }) {
  const { t } = useTranslation();
  const [reason, setReason] = useState('');
  return (
    <Form className="form form-inline" onSubmit={submitWith(() => onReject(reason))}>
      <Field
        label={t('roadmap.reason')}
        name="reason"
        value={reason}
        onChange={setReason}
        isRequired
        maxLength={2000}
      />
      <Button type="submit" variant="danger">
        {t('roadmap.reject')}
      </Button>
    </Form>
  );
}

function Assignment(props: {
  orgId: string;
  item: Item;
  directory: Directory | undefined;
  onSave: (body: Omit<Body<'/api/v1/orgs/{orgId}/roadmap/items/{itemId}', 'patch'>, 'version'>) => void;
}) {
  const { t } = useTranslation();
  const [owner, setOwner] = useState(props.item.ownerUserId ?? 'none');
  const [unit, setUnit] = useState(props.item.ownerUnitId ?? 'none');
  const [dueOn, setDueOn] = useState(props.item.dueOn ?? '');
  const [objective, setObjective] = useState(props.item.objectiveId ?? 'none');
  const plans = useQuery({
    queryKey: ['plans', props.orgId],
    queryFn: () =>
      call(api.GET('/api/v1/orgs/{orgId}/roadmap/plans', { params: { path: { orgId: props.orgId } } })),
  });
  return (
    <Form
      className="form"
      onSubmit={submitWith(() =>
        props.onSave({
          ownerUserId: owner === 'none' ? null : owner,
          ownerUnitId: unit === 'none' ? null : unit,
          dueOn: dueOn || null,
        }),
      )}
    >
      <OwnerChoices
        directory={props.directory}
        owner={owner}
        unit={unit}
        onOwner={setOwner}
        onUnit={setUnit}
      />
      <Field label={t('roadmap.dueOn')} name="dueOn" type="date" value={dueOn} onChange={setDueOn} />
      <Choice
        label={t('roadmap.plan.objective')}
        options={[
          { key: 'none', label: t('roadmap.plan.noObjective') },
          ...(plans.data ?? []).flatMap((p) =>
            p.objectives.map((o) => ({ key: o.id, label: `${p.title} · ${o.code} — ${o.title}` })),
          ),
        ]}
        value={objective}
        onChange={setObjective}
      />
      <Button type="submit">{t('roadmap.edit')}</Button>
    </Form>
  );
}

function AddMilestone({ onAdd }: { onAdd: (title: string, dueOn: string) => void }) {
  const { t } = useTranslation();
  const [title, setTitle] = useState('');
  const [dueOn, setDueOn] = useState('');
  return (
    <Form
      className="form form-inline"
      onSubmit={submitWith(() => {
        onAdd(title, dueOn);
        setTitle('');
      })}
    >
      <Field
        label={t('roadmap.milestone')}
        name="milestone"
        value={title}
        onChange={setTitle}
        isRequired
        maxLength={300}
      />
      <Field label={t('roadmap.dueOn')} name="milestoneDue" type="date" value={dueOn} onChange={setDueOn} />
      <Button type="submit">{t('roadmap.addMilestone')}</Button>
    </Form>
  );
}

function AddNote({ onAdd }: { onAdd: (body: string) => void }) {
  const { t } = useTranslation();
  const [body, setBody] = useState('');
  return (
    <Form
      className="form form-inline"
      onSubmit={submitWith(() => {
        onAdd(body);
        setBody('');
      })}
    >
      <Field
        label={t('roadmap.note')}
        name="note"
        value={body}
        onChange={setBody}
        isRequired
        maxLength={4000}
      />
      <Button type="submit">{t('roadmap.addNote')}</Button>
    </Form>
  );
}

function AddGrade({
  onAdd,
}: {
  onAdd: (body: Omit<Body<'/api/v1/orgs/{orgId}/roadmap/items/{itemId}/grades'>, 'version'>) => void;
}) {
  const { t } = useTranslation();
  const [grade, setGrade] = useState<(typeof GRADES)[number]>('partially');
  const [gradedOn, setGradedOn] = useState(todayIso());
  const [assessor, setAssessor] = useState('');
  const [rationale, setRationale] = useState('');
  return (
    <Form className="form" onSubmit={submitWith(() => onAdd({ grade, gradedOn, assessor, rationale }))}>
      <Choice
        label={t('roadmap.grade')}
        options={GRADES.map((g) => ({ key: g, label: t(`roadmap.grades.${g}`) }))}
        value={grade}
        onChange={setGrade}
      />
      <Field
        label={t('roadmap.gradedOn')}
        name="gradedOn"
        type="date"
        value={gradedOn}
        onChange={setGradedOn}
        isRequired
      />
      <Field
        label={t('roadmap.assessor')}
        name="assessor"
        value={assessor}
        onChange={setAssessor}
        isRequired
        maxLength={200}
      />
      <Field
        label={t('roadmap.rationale')}
        name="rationale"
        value={rationale}
        onChange={setRationale}
        maxLength={4000}
      />
      <Button type="submit">{t('roadmap.addGrade')}</Button>
    </Form>
  );
}
