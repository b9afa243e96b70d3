import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Form } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import { startRegistration } from '@simplewebauthn/browser';
import { api, call, ApiError, type Body } from '../../api';
import { useMe, useRefreshMe } from '../../session';
import { Button, Choice, Field, PasswordField, submitWith } from '../../ui/fields';
import { Empty, ErrorMessage, Notice } from '../../ui/feedback';
import { formatDateTime } from '../../ui/format';

/** Profile and security settings: name, password, authenticator app, sessions, API tokens. */
export function SettingsPage() {
  const { t } = useTranslation();
  return (
    <>
      <h1>{t('settings.title')}</h1>
      <Profile />
      <TwoStep />
      <Passkeys />
      <ChangePassword />
      <Sessions />
      <Tokens />
    </>
  );
}

function Profile() {
  const { t } = useTranslation();
  const { data: me } = useMe();
  const refresh = useRefreshMe();
  const [name, setName] = useState(me?.name ?? '');
  const [gender, setGender] = useState('');
  const save = useMutation({
    mutationFn: () =>
      call(api.PATCH('/api/v1/me', { body: { name, ...(gender.trim() && { gender: gender.trim() }) } })),
    onSuccess: () => refresh(),
  });
  return (
    <section aria-labelledby="profile-title" className="panel">
      <h2 id="profile-title">{t('settings.profile')}</h2>
      <p className="muted">{me?.email}</p>
      <ErrorMessage error={save.error} />
      {save.isSuccess && <Notice>{t('common.saved')}</Notice>}
      <Form className="form" onSubmit={submitWith(() => save.mutate())}>
        <Field
          label={t('fields.name')}
          name="name"
          value={name}
          onChange={setName}
          isRequired
          autoComplete="name"
          maxLength={200}
        />
        <Field
          label={t('settings.gender')}
          name="gender"
          value={gender}
          onChange={setGender}
          description={t('settings.genderHelp')}
          maxLength={100}
        />
        <Button type="submit" variant="primary">
          {t('common.save')}
        </Button>
      </Form>
    </section>
  );
}

function TwoStep() {
  const { t } = useTranslation();
  const { data: me } = useMe();
  const refresh = useRefreshMe();
  const [enrolment, setEnrolment] = useState<{ secret: string; qrDataUrl: string } | null>(null);
  const [code, setCode] = useState('');
  const [password, setPassword] = useState('');
  const start = useMutation({
    mutationFn: () => call(api.POST('/api/v1/me/totp')),
    onSuccess: setEnrolment,
  });
  const confirm = useMutation({
    mutationFn: () => call(api.POST('/api/v1/me/totp/confirm', { body: { code: code.replace(/\s/g, '') } })),
    onSuccess: async () => {
      setEnrolment(null);
      setCode('');
      await refresh();
    },
  });
  const remove = useMutation({
    mutationFn: () => call(api.DELETE('/api/v1/me/totp', { body: { password } })),
    onSuccess: () => refresh(),
  });
  return (
    <section aria-labelledby="mfa-title" className="panel">
      <h2 id="mfa-title">{t('settings.mfa')}</h2>
      <p>
        {me?.mfa.totp
          ? t('settings.mfaOn')
          : me?.hasMfa
            ? t('settings.mfaPasskeyOnly')
            : t('settings.mfaOff')}
      </p>
      <ErrorMessage error={start.error ?? confirm.error ?? remove.error} />
      {confirm.isSuccess && <Notice>{t('settings.mfaEnabled')}</Notice>}
      {!me?.mfa.totp && !enrolment && (
        <Button variant="primary" onPress={() => start.mutate()}>
          {t('settings.mfaStart')}
        </Button>
      )}
      {enrolment && (
        <div className="enrol">
          <ol>
            <li>{t('settings.mfaStep1')}</li>
            <li>
              {t('settings.mfaStep2')}
              <img src={enrolment.qrDataUrl} width={240} height={240} alt={t('settings.qrAlt')} />
              <p>
                {t('settings.mfaManual')} <code className="secret">{enrolment.secret}</code>
              </p>
            </li>
            <li>{t('settings.mfaStep3')}</li>
          </ol>
          <Form className="form" onSubmit={submitWith(() => confirm.mutate())}>
            <Field
              label={t('signIn.code')}
              name="code"
              value={code}
              onChange={setCode}
              isRequired
              inputMode="numeric"
              autoComplete="one-time-code"
              maxLength={7}
            />
            <Button type="submit" variant="primary">
              {t('settings.mfaConfirm')}
            </Button>
          </Form>
        </div>
      )}
      {me?.mfa.totp && (
        <Form className="form" onSubmit={submitWith(() => remove.mutate())}>
          <PasswordField
            kind="current"
            label={t('fields.password')}
            name="password"
            value={password}
            onChange={setPassword}
            description={t('settings.mfaRemoveHelp')}
          />
          <Button type="submit" variant="danger">
            {t('settings.mfaRemove')}
          </Button>
        </Form>
      )}
    </section>
  );
}

function ChangePassword() {
  const { t } = useTranslation();
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const change = useMutation({
    mutationFn: () => call(api.POST('/api/v1/me/password', { body: { current, next } })),
    onSuccess: () => {
      setCurrent('');
      setNext('');
    },
  });
  return (
    <section aria-labelledby="password-title" className="panel">
      <h2 id="password-title">{t('settings.password')}</h2>
      <ErrorMessage error={change.error} />
      {change.isSuccess && <Notice>{t('settings.passwordChanged')}</Notice>}
      <Form className="form" onSubmit={submitWith(() => change.mutate())}>
        <PasswordField
          kind="current"
          label={t('settings.currentPassword')}
          name="current"
          value={current}
          onChange={setCurrent}
        />
        <PasswordField
          kind="new"
          label={t('fields.newPassword')}
          name="next"
          value={next}
          onChange={setNext}
          description={t('fields.passwordHelp')}
        />
        <Button type="submit" variant="primary">
          {t('settings.changePassword')}
        </Button>
      </Form>
    </section>
  );
}

function Sessions() {
  const { t, i18n } = useTranslation();
  const client = useQueryClient();
  const sessions = useQuery({
    queryKey: ['sessions'],
    queryFn: () => call(api.GET('/api/v1/me/sessions')),
  });
  const revoke = useMutation({
    mutationFn: (id: string) =>
      call(api.DELETE('/api/v1/me/sessions/{sessionId}', { params: { path: { sessionId: id } } })),
    onSuccess: () => client.invalidateQueries({ queryKey: ['sessions'] }),
  });
  return (
    <section aria-labelledby="sessions-title" className="panel">
      <h2 id="sessions-title">{t('settings.sessions')}</h2>
      <ErrorMessage error={sessions.error ?? revoke.error} />
      <table tabIndex={0}>
        <thead>
          <tr>
            <th scope="col">{t('settings.device')}</th>
            <th scope="col">{t('settings.lastSeen')}</th>
            <th scope="col">{t('common.actions')}</th>
          </tr>
        </thead>
        <tbody>
          {(sessions.data ?? []).map((s) => (
            <tr key={s.id}>
              <td>
                {s.userAgent ?? t('common.unknown')} {s.ip && <span className="muted">({s.ip})</span>}
              </td>
              <td>{formatDateTime(s.lastSeenAt, i18n.language)}</td>
              <td>
                {s.current ? (
                  <span className="tag">{t('settings.thisSession')}</span>
                ) : (
                  <Button variant="danger" onPress={() => revoke.mutate(s.id)}>
                    {t('settings.revoke')}
                  </Button>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

/** The scope choice for an operator's token that acts on the deployment's operator routes, not in an organisation. */
const DEPLOYMENT = 'deployment';

function Tokens() {
  const { t, i18n } = useTranslation();
  const { data: me } = useMe();
  const client = useQueryClient();
  const [name, setName] = useState('');
  const [orgId, setOrgId] = useState(me?.memberships[0]?.orgId ?? (me?.isOperator ? DEPLOYMENT : ''));
  const [created, setCreated] = useState<string | null>(null);
  const tokens = useQuery({
    queryKey: ['tokens'],
    queryFn: () => call(api.GET('/api/v1/me/tokens')),
  });
  const create = useMutation({
    mutationFn: () =>
      call(
        api.POST('/api/v1/me/tokens', {
          body: {
            orgId: orgId === DEPLOYMENT ? null : orgId,
            name,
          },
        }),
      ),
    onSuccess: async (result) => {
      setCreated(result.token);
      setName('');
      await client.invalidateQueries({ queryKey: ['tokens'] });
    },
  });
  const revoke = useMutation({
    mutationFn: (id: string) =>
      call(api.DELETE('/api/v1/me/tokens/{tokenId}', { params: { path: { tokenId: id } } })),
    onSuccess: () => client.invalidateQueries({ queryKey: ['tokens'] }),
  });
  const orgName = (id: string | null) =>
    id === null
      ? t('settings.tokenDeployment')
      : (me?.memberships.find((m) => m.orgId === id)?.orgName ?? id);
  const scopes = [
    ...(me?.isOperator ? [{ key: DEPLOYMENT, label: t('settings.tokenDeployment') }] : []),
    ...(me?.memberships ?? []).map((m) => ({ key: m.orgId, label: m.orgName })),
  ];
  const live = (tokens.data ?? []).filter((tk) => !tk.revokedAt);
  return (
    <section aria-labelledby="tokens-title" className="panel">
      <h2 id="tokens-title">{t('settings.tokens')}</h2>
      <p className="muted">{t('settings.tokensHelp')}</p>
      <ErrorMessage error={tokens.error ?? create.error ?? revoke.error} />
      {created && (
        <Notice>
          {t('settings.tokenShownOnce')} <code className="secret">{created}</code>
        </Notice>
      )}
      {scopes.length > 0 && (
        <Form className="form form-inline" onSubmit={submitWith(() => create.mutate())}>
          <Field
            label={t('settings.tokenName')}
            name="tokenName"
            value={name}
            onChange={setName}
            isRequired
            maxLength={100}
          />
          <Choice label={t('layout.organisation')} options={scopes} value={orgId} onChange={setOrgId} />
          <Button type="submit" variant="primary">
            {t('settings.createToken')}
          </Button>
        </Form>
      )}
      {live.length === 0 ? (
        <Empty>{t('settings.noTokens')}</Empty>
      ) : (
        <table tabIndex={0}>
          <thead>
            <tr>
              <th scope="col">{t('settings.tokenName')}</th>
              <th scope="col">{t('layout.organisation')}</th>
              <th scope="col">{t('settings.lastUsed')}</th>
              <th scope="col">{t('common.actions')}</th>
            </tr>
          </thead>
          <tbody>
            {live.map((tk) => (
              <tr key={tk.id}>
                <td>
                  {tk.name} <code>{tk.prefix}…</code>
                </td>
                <td>{orgName(tk.orgId)}</td>
                <td>{tk.lastUsedAt ? formatDateTime(tk.lastUsedAt, i18n.language) : t('settings.never')}</td>
                <td>
                  <Button variant="danger" onPress={() => revoke.mutate(tk.id)}>
                    {t('settings.revoke')}
                  </Button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

type RegistrationOptions = Parameters<typeof startRegistration>[0]['optionsJSON'];

function Passkeys() {
  const { t, i18n } = useTranslation();
  const client = useQueryClient();
  const refresh = useRefreshMe();
  const [name, setName] = useState('');
  const passkeys = useQuery({
    queryKey: ['passkeys'],
    queryFn: () => call(api.GET('/api/v1/me/passkeys')),
  });
  const done = async () => {
    await client.invalidateQueries({ queryKey: ['passkeys'] });
    await refresh();
  };
  const add = useMutation({
    mutationFn: async () => {
      // The options and the response are WebAuthn's, made and checked by SimpleWebAuthn on both sides; the API
      // document names only the fields Atalaya reads.
      const optionsJSON = (await call(
        api.POST('/api/v1/me/passkeys/options'),
      )) as unknown as RegistrationOptions;
      const response = await startRegistration({ optionsJSON }).catch(() => {
        throw new ApiError(400, 'passkey_cancelled', t('settings.passkeyCancelled'));
      });
      await call(
        api.POST('/api/v1/me/passkeys', {
          body: {
            name: name.trim() || t('settings.passkeyDefaultName'),
            response: response as unknown as Body<'/api/v1/me/passkeys'>['response'],
          },
        }),
      );
    },
    onSuccess: async () => {
      setName('');
      await done();
    },
  });
  const remove = useMutation({
    mutationFn: (id: string) =>
      call(api.DELETE('/api/v1/me/passkeys/{passkeyId}', { params: { path: { passkeyId: id } } })),
    onSuccess: done,
  });
  return (
    <section aria-labelledby="passkeys-title" className="panel">
      <h2 id="passkeys-title">{t('settings.passkeys')}</h2>
      <p className="muted">{t('settings.passkeysHelp')}</p>
      <ErrorMessage error={passkeys.error ?? add.error ?? remove.error} />
      {add.isSuccess && <Notice>{t('settings.passkeyAdded')}</Notice>}
      <Form className="form form-inline" onSubmit={submitWith(() => add.mutate())}>
        <Field
          label={t('settings.passkeyName')}
          name="passkeyName"
          value={name}
          onChange={setName}
          maxLength={100}
        />
        <Button type="submit" variant="primary">
          {t('settings.addPasskey')}
        </Button>
      </Form>
      {(passkeys.data ?? []).length === 0 ? (
        <Empty>{t('settings.noPasskeys')}</Empty>
      ) : (
        <ul>
          {(passkeys.data ?? []).map((p) => (
            <li key={p.id}>
              {p.name} — {t('common.labelled', { label: t('settings.lastUsed') })}{' '}
              {p.lastUsedAt ? formatDateTime(p.lastUsedAt, i18n.language) : t('settings.never')}{' '}
              <Button
                variant="danger"
                onPress={() => remove.mutate(p.id)}
                aria-label={`${t('settings.revoke')}: ${p.name}`}
              >
                {t('settings.revoke')}
              </Button>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
