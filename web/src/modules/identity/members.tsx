import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Form } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import { api, call, ROLES, type Role } from '../../api';
import { useMe, useRefreshMe, type Area } from '../../session';
import { Button, Check, Choice, Field, submitWith } from '../../ui/fields';
import { useConfirm } from '../../ui/confirm';
import { Empty, ErrorMessage, Loading, Notice } from '../../ui/feedback';
import { formatDate } from '../../ui/format';
import { LANGUAGES, type Language } from '../../i18n';

/** A time zone as a person picks it: its name and its offset from UTC today ("America/Lima (GMT-5)"). */
function zoneLabel(zone: string, locale: string): string {
  const offset = new Intl.DateTimeFormat(locale, { timeZone: zone, timeZoneName: 'shortOffset' })
    .formatToParts(new Date())
    .find((p) => p.type === 'timeZoneName')?.value;
  return offset ? `${zone.replaceAll('_', ' ')} (${offset})` : zone;
}

/**
 * The organisation's language (participants and contacts who chose none are written to in it) and time zone
 * (its times are shown in it): its country's zones first, then every other.
 */
function Regional({ orgId }: { orgId: string }) {
  const { t, i18n } = useTranslation();
  const client = useQueryClient();
  const org = useQuery({
    queryKey: ['organisation', orgId],
    queryFn: () => call(api.GET('/api/v1/orgs/{orgId}', { params: { path: { orgId } } })),
  });
  const [draft, setDraft] = useState<{ locale: Language; timeZone: string } | undefined>();
  const save = useMutation({
    mutationFn: (body: { locale: Language; timeZone: string }) =>
      call(api.PUT('/api/v1/orgs/{orgId}/regional', { params: { path: { orgId } }, body })),
    onSuccess: async () => {
      await client.invalidateQueries({ queryKey: ['organisation', orgId] });
      setDraft(undefined);
    },
  });
  if (!org.data) return org.isPending ? <Loading /> : <ErrorMessage error={org.error} />;
  const current = draft ?? { locale: org.data.locale, timeZone: org.data.timeZone };
  const countryZones = org.data.countryTimeZones;
  const zones = [
    ...countryZones,
    ...['UTC', ...Intl.supportedValuesOf('timeZone')].filter((z) => !countryZones.includes(z)),
  ];
  if (!zones.includes(current.timeZone)) zones.unshift(current.timeZone);
  return (
    <section aria-labelledby="regional-title" className="panel">
      <h2 id="regional-title">{t('members.regional')}</h2>
      <p className="muted">{t('members.regionalHelp')}</p>
      <Form onSubmit={submitWith(() => save.mutate(current))}>
        <Choice
          label={t('members.orgLanguage')}
          options={LANGUAGES.map((l) => ({ key: l.code, label: l.name }))}
          value={current.locale}
          onChange={(locale) => setDraft({ ...current, locale })}
        />
        <Choice
          label={t('members.timeZone')}
          options={zones.map((z) => ({ key: z, label: zoneLabel(z, i18n.language) }))}
          value={current.timeZone}
          onChange={(timeZone) => setDraft({ ...current, timeZone })}
        />
        <ErrorMessage error={save.error} />
        {save.isSuccess && !draft && <Notice>{t('members.regionalSaved')}</Notice>}
        <Button type="submit" isDisabled={!draft || save.isPending}>
          {t('common.save')}
        </Button>
      </Form>
    </section>
  );
}

/** An organisation admin's page for people: members, roles, invitations, the two-step policy. */
export function MembersPage({ orgId }: { orgId: string }) {
  const { t, i18n } = useTranslation();
  const client = useQueryClient();
  const { data: me } = useMe();
  const refreshMe = useRefreshMe();
  const members = useQuery({
    queryKey: ['members', orgId],
    queryFn: () => call(api.GET('/api/v1/orgs/{orgId}/members', { params: { path: { orgId } } })),
  });
  const invitations = useQuery({
    queryKey: ['invitations', orgId],
    queryFn: () => call(api.GET('/api/v1/orgs/{orgId}/invitations', { params: { path: { orgId } } })),
  });
  const invalidate = () => client.invalidateQueries({ queryKey: ['members', orgId] });
  const confirm = useConfirm();
  const [done, setDone] = useState<string>();
  const update = useMutation({
    mutationFn: (q: { userId: string; role?: Role; active?: boolean; done: string }) =>
      call(
        api.PATCH('/api/v1/orgs/{orgId}/members/{userId}', {
          params: { path: { orgId, userId: q.userId } },
          body: { role: q.role, active: q.active },
        }),
      ),
    onMutate: () => setDone(undefined),
    onSuccess: (_, q) => setDone(q.done),
    onSettled: invalidate,
  });
  const withdraw = useMutation({
    mutationFn: (q: { id: string; email: string }) =>
      call(
        api.DELETE('/api/v1/orgs/{orgId}/invitations/{invitationId}', {
          params: { path: { orgId, invitationId: q.id } },
        }),
      ),
    onMutate: () => setDone(undefined),
    // The notice comes with the fresh list, so it never sits beside the invitation it says is gone.
    onSettled: async (_, error, q) => {
      await client.invalidateQueries({ queryKey: ['invitations', orgId] });
      if (!error) setDone(t('members.withdrawn', { email: q.email }));
    },
  });
  type Listed = NonNullable<typeof members.data>[number];
  const changeRole = (m: Listed, role: Role) => {
    const names = { name: m.name, from: t(`roles.${m.role}`), to: t(`roles.${role}`) };
    confirm.ask(
      {
        title: t('members.confirmRole', names),
        consequence: t(role === 'org_admin' ? 'members.confirmRoleAdmin' : 'members.confirmRoleBody', names),
        confirmLabel: t('members.confirmRoleAction', names),
      },
      () => update.mutate({ userId: m.userId, role, done: t('members.roleChanged', names) }),
    );
  };
  const deactivate = (m: Listed) =>
    confirm.ask(
      {
        title: t('members.confirmDeactivate', { name: m.name }),
        consequence: t('members.confirmDeactivateBody', { name: m.name }),
        confirmLabel: t('members.deactivate'),
        danger: true,
      },
      () =>
        update.mutate({ userId: m.userId, active: false, done: t('members.deactivated', { name: m.name }) }),
    );
  const membership = me?.memberships.find((m) => m.orgId === orgId);
  const policy = useMutation({
    mutationFn: (required: boolean) =>
      call(
        api.PUT('/api/v1/orgs/{orgId}/policy', {
          params: { path: { orgId } },
          body: { mfaRequired: required },
        }),
      ),
    onSuccess: () => refreshMe(),
  });
  const roleOptions = ROLES.map((r) => ({ key: r, label: t(`roles.${r}`) }));

  return (
    <>
      <h1>{t('members.title')}</h1>
      <section aria-labelledby="policy-title" className="panel">
        <h2 id="policy-title">{t('members.policy')}</h2>
        <ErrorMessage error={policy.error} />
        <Check isSelected={membership?.mfaRequired ?? false} onChange={(v) => policy.mutate(v)}>
          {t('members.requireMfa')}
        </Check>
        <p className="muted">{t('members.requireMfaHelp')}</p>
      </section>
      <Regional orgId={orgId} />
      <InviteForm orgId={orgId} />
      {confirm.dialog}
      <section aria-labelledby="members-title" className="panel">
        <h2 id="members-title">{t('members.list')}</h2>
        <ErrorMessage error={members.error ?? update.error ?? withdraw.error} />
        {done && <Notice>{done}</Notice>}
        {members.isPending ? (
          <Loading />
        ) : (
          <table tabIndex={0}>
            <thead>
              <tr>
                <th scope="col">{t('fields.name')}</th>
                <th scope="col">{t('members.role')}</th>
                <th scope="col">{t('members.mfa')}</th>
                <th scope="col">{t('members.since')}</th>
                <th scope="col">{t('common.actions')}</th>
              </tr>
            </thead>
            <tbody>
              {(members.data ?? []).map((m) => (
                <tr key={m.userId} className={m.active ? '' : 'inactive'}>
                  <td>
                    {m.name}
                    <br />
                    <span className="muted">{m.email}</span>
                    {!m.active && <span className="tag">{t('members.inactive')}</span>}
                  </td>
                  <td>
                    <Choice
                      label={t('members.roleOf', { name: m.name })}
                      options={roleOptions}
                      value={m.role}
                      onChange={(role) => changeRole(m, role)}
                      labelHidden
                    />
                  </td>
                  <td>{m.hasMfa ? t('common.yes') : t('common.no')}</td>
                  <td>{formatDate(m.since, i18n.language)}</td>
                  <td>
                    <Button
                      variant={m.active ? 'danger' : 'secondary'}
                      onPress={() =>
                        m.active
                          ? deactivate(m)
                          : update.mutate({
                              userId: m.userId,
                              active: true,
                              done: t('members.reactivated', { name: m.name }),
                            })
                      }
                      aria-label={`${m.active ? t('members.deactivate') : t('members.reactivate')}: ${m.name}`}
                    >
                      {m.active ? t('members.deactivate') : t('members.reactivate')}
                    </Button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
      <section aria-labelledby="pending-title" className="panel">
        <h2 id="pending-title">{t('members.pending')}</h2>
        {(invitations.data ?? []).length === 0 ? (
          <Empty>{t('members.noPending')}</Empty>
        ) : (
          <ul>
            {(invitations.data ?? []).map((i) => (
              <li key={i.id}>
                {i.email} — {t(`roles.${i.role}`)} (
                {t('members.expires', { date: formatDate(i.expiresAt, i18n.language) })}){' '}
                <Button
                  onPress={() =>
                    confirm.ask(
                      {
                        title: t('members.confirmWithdraw', { email: i.email }),
                        consequence: t('members.confirmWithdrawBody'),
                        confirmLabel: t('members.withdraw'),
                        danger: true,
                      },
                      () => withdraw.mutate({ id: i.id, email: i.email }),
                    )
                  }
                  aria-label={`${t('members.withdraw')}: ${i.email}`}
                >
                  {t('members.withdraw')}
                </Button>
              </li>
            ))}
          </ul>
        )}
      </section>
    </>
  );
}

function InviteForm({ orgId }: { orgId: string }) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const [email, setEmail] = useState('');
  const [role, setRole] = useState<Role>('staff');
  const invite = useMutation({
    mutationFn: () =>
      call(
        api.POST('/api/v1/orgs/{orgId}/invitations', { params: { path: { orgId } }, body: { email, role } }),
      ),
    onSuccess: async () => {
      setEmail('');
      await client.invalidateQueries({ queryKey: ['invitations', orgId] });
    },
  });
  return (
    <section aria-labelledby="invite-title" className="panel">
      <h2 id="invite-title">{t('members.invite')}</h2>
      <ErrorMessage error={invite.error} />
      {invite.isSuccess && <Notice>{t('members.invited')}</Notice>}
      <Form className="form form-inline" onSubmit={submitWith(() => invite.mutate())}>
        <Field
          label={t('fields.email')}
          name="inviteEmail"
          type="email"
          value={email}
          onChange={(value) => {
            setEmail(value);
            invite.reset();
          }}
          isRequired
        />
        <Choice
          label={t('members.role')}
          options={ROLES.map((r) => ({ key: r, label: t(`roles.${r}`) }))}
          value={role}
          onChange={setRole}
        />
        <Button type="submit" variant="primary">
          {t('members.send')}
        </Button>
      </Form>
      <RoleTable orgId={orgId} />
    </section>
  );
}

/** What each role may open and change here, from the permission table the server enforces. */
function RoleTable({ orgId }: { orgId: string }) {
  const { t } = useTranslation();
  const roles = useQuery({
    queryKey: ['roles', orgId],
    queryFn: () => call(api.GET('/api/v1/orgs/{orgId}/roles', { params: { path: { orgId } } })),
    staleTime: Infinity,
  });
  const names = (areas: readonly Area[]) =>
    areas.length === 0
      ? t('members.nothing')
      : areas
          .map((a) =>
            a === 'identity'
              ? t('members.areaIdentity')
              : a === 'audit'
                ? t('nav.audit')
                : t(`modules.${a}.name`),
          )
          .join(', ');
  return (
    <details className="role-table">
      <summary>{t('members.rolesExplained')}</summary>
      <ErrorMessage error={roles.error} />
      <div className="table-scroll">
        <table>
          <thead>
            <tr>
              <th scope="col">{t('members.role')}</th>
              <th scope="col">{t('members.opens')}</th>
              <th scope="col">{t('members.changes')}</th>
            </tr>
          </thead>
          <tbody>
            {(roles.data ?? []).map((r) => (
              <tr key={r.role}>
                <th scope="row">{t(`roles.${r.role}`)}</th>
                <td>{names(r.reads)}</td>
                <td>{names(r.writes)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </details>
  );
}
