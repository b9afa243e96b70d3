import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api, call } from '../../api';
import { useCanWrite } from '../../session';
import { Button } from '../../ui/fields';
import { ScoreTable } from '../../ui/charts';
import { ErrorMessage, Loading } from '../../ui/feedback';
import { formatNumber } from '../../ui/format';
import { TrainingNav } from './nav';
import type { TrainerNode } from './types';

/** The training-of-trainers cascade: key figures, generations with dilution, gender and units, the tree. */
export function CascadePage({ orgId }: { orgId: string }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const cascade = useQuery({
    queryKey: ['training-cascade', orgId],
    queryFn: () => call(api.GET('/api/v1/orgs/{orgId}/training/cascade', { params: { path: { orgId } } })),
  });
  if (cascade.isPending) return <Loading />;
  if (!cascade.data) return <ErrorMessage error={cascade.error} />;
  const m = cascade.data;
  const n = (v: number | null) => (v === null ? '—' : formatNumber(v, lang));
  const share = (v: number | null) => (v === null ? '—' : `${formatNumber(Math.round(v * 100), lang)} %`);
  const unitName = (id: string) => (id === 'none' ? t('training.noUnit') : (m.units[id] ?? id));
  const genders = m.genders.filter((g) => (m.byGender[g] ?? 0) > 0);
  const units = Object.keys(m.byUnit).sort((a, b) => unitName(a).localeCompare(unitName(b)));
  return (
    <>
      <TrainingNav orgId={orgId} />
      <h1>{t('training.cascade')}</h1>
      <p>{t('training.cascadeIntro')}</p>
      <p>
        <a href={`/api/v1/orgs/${orgId}/training/cascade.pdf?lang=${lang}`}>{t('training.downloadPdf')}</a> ·{' '}
        <a href={`/api/v1/orgs/${orgId}/training/cascade.xlsx?lang=${lang}`}>{t('training.downloadXlsx')}</a>
      </p>
      <ul className="figures" aria-label={t('training.keyFigures')}>
        <li>
          <strong>{n(m.reach)}</strong> {t('training.reach')}
        </li>
        <li>
          <strong>{n(m.trainersCertified)}</strong> {t('training.trainersCertified')}
        </li>
        <li>
          <strong>{m.multiplier === null ? '—' : `${n(m.multiplier)} : 1`}</strong> {t('training.multiplier')}
        </li>
        <li>
          <strong>{share(m.activation)}</strong> {t('training.activation')}
        </li>
        <li>
          <strong>{share(m.retention)}</strong> {t('training.retention')}
        </li>
        <li>
          <strong>{n(m.depth)}</strong> {t('training.depth')}
        </li>
      </ul>
      <p className="muted">
        {t('training.cascadeDefinitions', { direct: m.directTrained, cascade: m.cascadeTrained })}
      </p>

      <h2>{t('training.byGeneration')}</h2>
      <div className="table-scroll">
        <table tabIndex={0}>
          <thead>
            <tr>
              <th scope="col">{t('training.generation')}</th>
              <th scope="col">{t('training.sessions')}</th>
              <th scope="col">{t('training.people')}</th>
              <th scope="col">{t('training.preMean')}</th>
              <th scope="col">{t('training.postMean')}</th>
              <th scope="col">{t('training.gain')}</th>
              <th scope="col">{t('training.delayedMean')}</th>
              <th scope="col">{t('training.retentionDelayed')}</th>
            </tr>
          </thead>
          <tbody>
            {m.generations.map((g) => (
              <tr key={g.generation}>
                <th scope="row">G{g.generation}</th>
                <td className="num">{n(g.sessions)}</td>
                <td className="num">{n(g.reach)}</td>
                <td className="num">{n(g.preMean)}</td>
                <td className="num">{n(g.postMean)}</td>
                <td className="num">{n(g.gain)}</td>
                <td className="num">{n(g.delayedMean)}</td>
                <td className="num">{share(g.retention)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <ScoreTable
        caption={t('training.gainChart')}
        areaHeader={t('training.generation')}
        scoreHeader={t('training.gainPercent')}
        chartHeader={t('training.gainBar')}
        rows={m.generations.map((g) => ({
          key: String(g.generation),
          label: `G${g.generation}`,
          score: g.gain === null ? null : Math.round(g.gain * 100),
          target: null,
        }))}
      />

      <h2>{t('training.byGender')}</h2>
      <table tabIndex={0}>
        <thead>
          <tr>
            <th scope="col">{t('training.genderColumn')}</th>
            {m.generations.map((g) => (
              <th scope="col" key={g.generation}>
                G{g.generation}
              </th>
            ))}
            <th scope="col">{t('training.gainByGenderLast')}</th>
            <th scope="col">{t('training.total')}</th>
          </tr>
        </thead>
        <tbody>
          {genders.map((g) => (
            <tr key={g}>
              <th scope="row">{t(`training.genderPlural.${g}`)}</th>
              {m.generations.map((gen) => (
                <td className="num" key={gen.generation}>
                  {n(gen.byGender[g] ?? 0)}
                </td>
              ))}
              <td className="num">{n(m.generations.at(-1)?.gainByGender[g] ?? null)}</td>
              <td className="num">{n(m.byGender[g] ?? 0)}</td>
            </tr>
          ))}
        </tbody>
      </table>

      <h2>{t('training.byUnit')}</h2>
      <table tabIndex={0}>
        <thead>
          <tr>
            <th scope="col">{t('training.unit')}</th>
            {m.generations.map((g) => (
              <th scope="col" key={g.generation}>
                G{g.generation}
              </th>
            ))}
            <th scope="col">{t('training.total')}</th>
          </tr>
        </thead>
        <tbody>
          {units.map((u) => (
            <tr key={u}>
              <th scope="row">{unitName(u)}</th>
              {m.generations.map((gen) => (
                <td className="num" key={gen.generation}>
                  {n(gen.byUnit[u] ?? 0)}
                </td>
              ))}
              <td className="num">{n(m.byUnit[u] ?? 0)}</td>
            </tr>
          ))}
        </tbody>
      </table>

      <h2>{t('training.tree')}</h2>
      <p className="muted">{t('training.treeHelp')}</p>
      <Tree orgId={orgId} nodes={m.tree} />
    </>
  );
}

function Tree({ orgId, nodes }: { orgId: string; nodes: readonly TrainerNode[] }) {
  const { t, i18n } = useTranslation();
  const canWrite = useCanWrite(orgId, 'training');
  const client = useQueryClient();
  const master = useMutation({
    mutationFn: (personId: string) =>
      call(
        api.POST('/api/v1/orgs/{orgId}/training/people/{personId}/master-certificate', {
          params: { path: { orgId, personId } },
          body: {},
        }),
      ),
    onSuccess: () => client.invalidateQueries({ queryKey: ['training-cascade', orgId] }),
  });
  if (nodes.length === 0) return null;
  return (
    <>
      <ErrorMessage error={master.error} />
      <ul className="tree">
        {nodes.map((node) => (
          <li key={node.personId}>
            <strong>{node.name}</strong> —{' '}
            {t('training.treeLine', {
              generation: node.generation,
              sessions: formatNumber(node.sessionsDelivered, i18n.language),
              trained: formatNumber(node.trained, i18n.language),
              downline: formatNumber(node.downline, i18n.language),
            })}
            {node.master ? (
              <span className="tag">{t('training.masterTag')}</span>
            ) : (
              node.certified && <span className="tag">{t('training.certifiedTag')}</span>
            )}
            {canWrite && node.certified && !node.master && node.sessionsDelivered > 0 && (
              <Button
                className="inline-button"
                onPress={() => master.mutate(node.personId)}
                isDisabled={master.isPending}
                aria-label={t('training.certifyMasterFor', { name: node.name })}
              >
                {t('training.certifyMaster')}
              </Button>
            )}
            <Tree orgId={orgId} nodes={node.children} />
          </li>
        ))}
      </ul>
    </>
  );
}
