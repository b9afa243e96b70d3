import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, useNavigate } from '@tanstack/react-router';
import { useState } from 'react';
import { Form } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import { api, call, type Body } from '../../api';
import { useCanWrite } from '../../session';
import { ErrorMessage, Loading, Notice } from '../../ui/feedback';
import { Button, Check, Choice, Field, submitWith, TextAreaField } from '../../ui/fields';
import { formatDateTime } from '../../ui/format';
import { Comments } from './comments';
import {
  audienceBody,
  AudiencePicker,
  BackToBoard,
  LocalTimeField,
  localInput,
  orgLabel,
  TlpBadge,
  useNetwork,
  type Audience,
} from './parts';
import {
  ELECTION_PROCESSES,
  INCIDENT_CATEGORIES,
  INCIDENT_STATUSES,
  networkKeys,
  SEVERITIES,
  type Incident,
} from './types';

type IncidentBody = Body<'/api/v1/networks/{networkId}/incidents'>;

const lines = (text: string) =>
  text
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);

/** One incident as the member may see it; its sharer updates it and anyone sends its lessons to the roadmap. */
export function IncidentPage({ networkId, incidentId }: { networkId: string; incidentId: string }) {
  const { t, i18n } = useTranslation();
  const network = useNetwork(networkId);
  const canWrite = useCanWrite(network.data?.actingFor.orgId ?? '', 'network');
  const incident = useQuery({
    queryKey: networkKeys.incident(networkId, incidentId),
    queryFn: () =>
      call(
        api.GET('/api/v1/networks/{networkId}/incidents/{incidentId}', {
          params: { path: { networkId, incidentId } },
        }),
      ),
  });
  const toRoadmap = useMutation({
    mutationFn: () =>
      call(
        api.POST('/api/v1/networks/{networkId}/incidents/{incidentId}/roadmap', {
          params: { path: { networkId, incidentId } },
        }),
      ),
  });
  if (incident.isPending || network.isPending) return <Loading />;
  const i = incident.data;
  if (!i || !network.data)
    return (
      <>
        <BackToBoard networkId={networkId} name={undefined} />
        <ErrorMessage error={incident.error ?? network.error} />
      </>
    );
  const mine = i.marking.ownerOrgId === network.data.actingFor.orgId;
  const named = (i.marking.recipients ?? []).map((id) => orgLabel(network.data, id, t('network.outside')));
  return (
    <>
      <BackToBoard networkId={networkId} name={network.data.name} />
      <h1>{i.title}</h1>
      <p>
        <TlpBadge marking={i.marking} />{' '}
        {named.length > 0 && (
          <span className="muted">{t('network.tlp.namedList', { names: named.join(', ') })}</span>
        )}
      </p>
      <dl className="facts">
        <dt>{t('network.sharedBy')}</dt>
        <dd>{orgLabel(network.data, i.marking.ownerOrgId, t('network.outside'))}</dd>
        <dt>{t('network.incidents.category')}</dt>
        <dd>{t(`network.category.${i.category}`)}</dd>
        <dt>{t('network.incidents.severity')}</dt>
        <dd>{t(`network.severity.${i.severity}`)}</dd>
        <dt>{t('network.incidents.status')}</dt>
        <dd>{t(`network.status.${i.status}`)}</dd>
        <dt>{t('network.incidents.processes')}</dt>
        <dd>{i.processes.map((p) => t(`network.process.${p}`)).join(', ') || '—'}</dd>
        <dt>{t('network.incidents.phase')}</dt>
        <dd>{i.phase ? t(`elections.phases.${i.phase}`) : '—'}</dd>
        <dt>{t('network.incidents.detected')}</dt>
        <dd>{i.detectedAt ? formatDateTime(i.detectedAt, i18n.language) : '—'}</dd>
        <dt>{t('network.incidents.systems')}</dt>
        <dd>{i.affectedSystems.join(', ') || '—'}</dd>
        {i.source !== 'local' && (
          <>
            <dt>{t('network.source')}</dt>
            <dd className="break">{i.source}</dd>
          </>
        )}
      </dl>
      {i.description && <p className="pre-line">{i.description}</p>}
      <h2>{t('network.incidents.timeline')}</h2>
      {i.timeline.length === 0 ? (
        <p className="muted">{t('network.incidents.noTimeline')}</p>
      ) : (
        <ol className="timeline">
          {i.timeline.map((e) => (
            <li key={`${e.at}-${e.text}`}>
              <strong>{formatDateTime(e.at, i18n.language)}</strong> — {e.text}
            </li>
          ))}
        </ol>
      )}
      <h2>{t('network.incidents.actions')}</h2>
      <p className="pre-line">{i.actionsTaken || '—'}</p>
      <h2>{t('network.incidents.lessons')}</h2>
      <p className="pre-line">{i.lessons || '—'}</p>
      {i.lessons && canWrite && (
        <div className="toolbar">
          <Button onPress={() => toRoadmap.mutate()} isDisabled={toRoadmap.isPending}>
            {t('network.incidents.toRoadmap')}
          </Button>
        </div>
      )}
      <ErrorMessage error={toRoadmap.error} />
      {toRoadmap.isSuccess && (
        <Notice>
          {t('network.incidents.sentToRoadmap')}{' '}
          <Link to="/o/$orgId/roadmap" params={{ orgId: network.data.actingFor.orgId }}>
            {t('modules.roadmap.name')}
          </Link>
        </Notice>
      )}
      {mine && canWrite && <UpdateIncident networkId={networkId} incident={i} />}
      <Comments network={network.data} incident={i} canWrite={canWrite} />
    </>
  );
}

/** The sharer's update: status, a new timeline entry, actions taken and lessons (a new STIX version). */
function UpdateIncident({ networkId, incident }: { networkId: string; incident: Incident }) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const [status, setStatus] = useState(incident.status);
  const [entry, setEntry] = useState('');
  const [actions, setActions] = useState(incident.actionsTaken);
  const [lessons, setLessons] = useState(incident.lessons);
  const save = useMutation({
    mutationFn: () =>
      call(
        api.PUT('/api/v1/networks/{networkId}/incidents/{incidentId}', {
          params: { path: { networkId, incidentId: incident.id } },
          body: {
            title: incident.title,
            description: incident.description,
            category: incident.category,
            severity: incident.severity,
            status,
            processes: [...incident.processes],
            detectedAt: incident.detectedAt ?? incident.created,
            affectedSystems: [...incident.affectedSystems],
            actionsTaken: actions,
            lessons,
            timeline: [
              ...incident.timeline,
              ...(entry.trim() ? [{ at: new Date().toISOString(), text: entry.trim() }] : []),
            ],
            tlp: incident.marking.tlp,
            ...(incident.marking.recipients &&
              incident.marking.recipients.length > 0 && { recipients: [...incident.marking.recipients] }),
          },
        }),
      ),
    onSuccess: async () => {
      setEntry('');
      await client.invalidateQueries({ queryKey: networkKeys.all(networkId) });
    },
  });
  return (
    <section className="panel" aria-labelledby="update-incident">
      <h2 id="update-incident">{t('network.incidents.update')}</h2>
      <Form className="form" onSubmit={submitWith(() => save.mutate())}>
        <Choice
          label={t('network.incidents.status')}
          options={INCIDENT_STATUSES.map((s) => ({ key: s, label: t(`network.status.${s}`) }))}
          value={status}
          onChange={setStatus}
        />
        <TextAreaField label={t('network.incidents.newEntry')} value={entry} onChange={setEntry} rows={2} />
        <TextAreaField label={t('network.incidents.actions')} value={actions} onChange={setActions} />
        <TextAreaField label={t('network.incidents.lessons')} value={lessons} onChange={setLessons} />
        <ErrorMessage error={save.error} />
        {save.isSuccess && <Notice>{t('network.incidents.updated')}</Notice>}
        <Button type="submit" variant="primary" isDisabled={save.isPending}>
          {t('network.incidents.saveUpdate')}
        </Button>
      </Form>
    </section>
  );
}

/** Reporting an incident to the network: what happened, how bad, what it touched, and who may read it. */
export function NewIncidentPage({ networkId }: { networkId: string }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const client = useQueryClient();
  const network = useNetwork(networkId);
  const [title, setTitle] = useState('');
  const [category, setCategory] = useState<IncidentBody['category']>('phishing');
  const [severity, setSeverity] = useState<IncidentBody['severity']>('medium');
  const [processes, setProcesses] = useState<NonNullable<IncidentBody['processes']>>([]);
  const [detectedAt, setDetectedAt] = useState(() => localInput(new Date()));
  const [description, setDescription] = useState('');
  const [systems, setSystems] = useState('');
  const [actions, setActions] = useState('');
  const [audience, setAudience] = useState<Audience>({ tlp: 'green', recipients: [] });
  const report = useMutation({
    mutationFn: () =>
      call(
        api.POST('/api/v1/networks/{networkId}/incidents', {
          params: { path: { networkId } },
          body: {
            title,
            category,
            severity,
            processes,
            detectedAt: new Date(detectedAt).toISOString(),
            description,
            affectedSystems: lines(systems),
            actionsTaken: actions,
            lang: lang(document.documentElement.lang),
            ...audienceBody(audience),
          },
        }),
      ),
    onSuccess: async (saved) => {
      await client.invalidateQueries({ queryKey: networkKeys.all(networkId) });
      await navigate({
        to: '/n/$networkId/incidents/$incidentId',
        params: { networkId, incidentId: saved.id },
      });
    },
  });
  if (network.isPending) return <Loading />;
  if (!network.data) return <ErrorMessage error={network.error} />;
  return (
    <>
      <BackToBoard networkId={networkId} name={network.data.name} />
      <h1>{t('network.incidents.new')}</h1>
      <p>{t('network.incidents.newIntro')}</p>
      <Form className="form" onSubmit={submitWith(() => report.mutate())}>
        <Field
          label={t('network.incidents.titleLabel')}
          name="title"
          value={title}
          onChange={setTitle}
          isRequired
          maxLength={300}
        />
        <Choice
          label={t('network.incidents.category')}
          options={INCIDENT_CATEGORIES.map((c) => ({ key: c, label: t(`network.category.${c}`) }))}
          value={category}
          onChange={setCategory}
        />
        <Choice
          label={t('network.incidents.severity')}
          options={SEVERITIES.map((s) => ({ key: s, label: t(`network.severity.${s}`) }))}
          value={severity}
          onChange={setSeverity}
        />
        <fieldset>
          <legend>{t('network.incidents.processes')}</legend>
          {ELECTION_PROCESSES.map((p) => (
            <Check
              key={p}
              isSelected={processes.includes(p)}
              onChange={(on) => setProcesses(on ? [...processes, p] : processes.filter((x) => x !== p))}
            >
              {t(`network.process.${p}`)}
            </Check>
          ))}
        </fieldset>
        <LocalTimeField
          label={t('network.incidents.detected')}
          name="detectedAt"
          value={detectedAt}
          onChange={setDetectedAt}
        />
        <TextAreaField
          label={t('network.incidents.description')}
          value={description}
          onChange={setDescription}
          rows={5}
        />
        <TextAreaField
          label={t('network.incidents.systems')}
          description={t('network.incidents.systemsHelp')}
          value={systems}
          onChange={setSystems}
        />
        <TextAreaField label={t('network.incidents.actions')} value={actions} onChange={setActions} />
        <AudiencePicker network={network.data} value={audience} onChange={setAudience} />
        <ErrorMessage error={report.error} />
        <Button type="submit" variant="primary" isDisabled={report.isPending}>
          {t('network.incidents.submit')}
        </Button>
      </Form>
    </>
  );
}

/** The language of what the member writes, as the server's search stems it. */
export function lang(code: string): 'en' | 'es' | 'fr' | undefined {
  const short = code.slice(0, 2);
  return short === 'en' || short === 'es' || short === 'fr' ? short : undefined;
}
