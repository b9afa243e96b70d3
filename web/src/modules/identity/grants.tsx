import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Form } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import { api, call, type GrantableModule } from '../../api';
import { Button, Check, Choice, Field, submitWith } from '../../ui/fields';
import { Empty, ErrorMessage } from '../../ui/feedback';
import { formatDate } from '../../ui/format';

const MODULES = [
  'elections',
  'assessments',
  'roadmap',
  'training',
  'network',
  'webwatch',
  'platforms',
  'safety',
] as const satisfies readonly GrantableModule[];
type GrantModule = (typeof MODULES)[number];

/** Access grants: which assistance providers may read or write which modules of this organisation's data. */
export function GrantsPage({ orgId }: { orgId: string }) {
  const { t, i18n } = useTranslation();
  const client = useQueryClient();
  const grants = useQuery({
    queryKey: ['grants', orgId],
    queryFn: () => call(api.GET('/api/v1/orgs/{orgId}/grants', { params: { path: { orgId } } })),
  });
  const candidates = useQuery({
    queryKey: ['grant-candidates', orgId],
    queryFn: () => call(api.GET('/api/v1/orgs/{orgId}/grant-candidates', { params: { path: { orgId } } })),
  });
  const [grantee, setGrantee] = useState('');
  const [level, setLevel] = useState<'read' | 'write'>('read');
  const [expiresOn, setExpiresOn] = useState('');
  const [modules, setModules] = useState<GrantModule[]>(['assessments', 'roadmap']);
  const invalidate = () => client.invalidateQueries({ queryKey: ['grants', orgId] });
  const create = useMutation({
    mutationFn: () =>
      call(
        api.POST('/api/v1/orgs/{orgId}/grants', {
          params: { path: { orgId } },
          body: {
            granteeOrgId: grantee || (candidates.data?.[0]?.id ?? ''),
            modules,
            level,
            expiresOn: expiresOn || null,
          },
        }),
      ),
    onSuccess: invalidate,
  });
  const revoke = useMutation({
    mutationFn: (id: string) =>
      call(api.DELETE('/api/v1/orgs/{orgId}/grants/{grantId}', { params: { path: { orgId, grantId: id } } })),
    onSuccess: invalidate,
  });
  const given = (grants.data ?? []).filter((g) => g.grantorOrgId === orgId && !g.revokedAt);
  const received = (grants.data ?? []).filter((g) => g.granteeOrgId === orgId && !g.revokedAt);
  const moduleNames = (list: GrantModule[]) => list.map((m) => t(`modules.${m}.name`)).join(', ');

  return (
    <>
      <h1>{t('grants.title')}</h1>
      <p>{t('grants.intro')}</p>
      <section aria-labelledby="new-grant" className="panel">
        <h2 id="new-grant">{t('grants.new')}</h2>
        <ErrorMessage error={create.error ?? revoke.error ?? grants.error} />
        {(candidates.data ?? []).length === 0 ? (
          <Empty>{t('grants.noProviders')}</Empty>
        ) : (
          <Form className="form" onSubmit={submitWith(() => create.mutate())}>
            <Choice
              label={t('grants.provider')}
              options={(candidates.data ?? []).map((c) => ({ key: c.id, label: c.name }))}
              value={grantee || (candidates.data?.[0]?.id ?? '')}
              onChange={setGrantee}
            />
            <Choice<'read' | 'write'>
              label={t('grants.level')}
              options={[
                { key: 'read', label: t('grants.read') },
                { key: 'write', label: t('grants.write') },
              ]}
              value={level}
              onChange={setLevel}
            />
            <fieldset>
              <legend>{t('grants.modules')}</legend>
              {MODULES.map((m) => (
                <Check
                  key={m}
                  isSelected={modules.includes(m)}
                  onChange={(on) => setModules(on ? [...modules, m] : modules.filter((x) => x !== m))}
                >
                  {t(`modules.${m}.name`)}
                </Check>
              ))}
            </fieldset>
            <Field
              label={t('grants.expiresOn')}
              name="expiresOn"
              type="date"
              value={expiresOn}
              onChange={setExpiresOn}
              description={t('grants.expiresHelp')}
            />
            <Button type="submit" variant="primary" isDisabled={modules.length === 0}>
              {t('grants.grant')}
            </Button>
          </Form>
        )}
      </section>
      <section aria-labelledby="given" className="panel">
        <h2 id="given">{t('grants.given')}</h2>
        {given.length === 0 ? (
          <Empty>{t('grants.noneGiven')}</Empty>
        ) : (
          <table tabIndex={0}>
            <thead>
              <tr>
                <th scope="col">{t('grants.provider')}</th>
                <th scope="col">{t('grants.modules')}</th>
                <th scope="col">{t('grants.level')}</th>
                <th scope="col">{t('grants.since')}</th>
                <th scope="col">{t('grants.until')}</th>
                <th scope="col">{t('common.actions')}</th>
              </tr>
            </thead>
            <tbody>
              {given.map((g) => (
                <tr key={g.id}>
                  <td>{g.granteeName}</td>
                  <td>{moduleNames(g.modules)}</td>
                  <td>{g.level === 'write' ? t('grants.write') : t('grants.read')}</td>
                  <td>{formatDate(g.createdAt, i18n.language)}</td>
                  <td>{g.expiresOn ? formatDate(g.expiresOn, i18n.language) : t('grants.noEnd')}</td>
                  <td>
                    <Button
                      variant="danger"
                      onPress={() => revoke.mutate(g.id)}
                      aria-label={`${t('grants.revoke')}: ${g.granteeName}`}
                    >
                      {t('grants.revoke')}
                    </Button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
      {received.length > 0 && (
        <section aria-labelledby="received" className="panel">
          <h2 id="received">{t('grants.received')}</h2>
          <ul>
            {received.map((g) => (
              <li key={g.id}>
                {g.grantorName}: {moduleNames(g.modules)} (
                {g.level === 'write' ? t('grants.write') : t('grants.read')})
              </li>
            ))}
          </ul>
        </section>
      )}
    </>
  );
}
