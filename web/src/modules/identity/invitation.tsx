import { useQuery } from '@tanstack/react-query';
import { useNavigate } from '@tanstack/react-router';
import { useState } from 'react';
import { Form } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import { api, call, setCsrfToken } from '../../api';
import { useRefreshMe } from '../../session';
import { Button, Field, PasswordField, submitWith } from '../../ui/fields';
import { ErrorMessage, Loading } from '../../ui/feedback';

/** Accepting an invitation: a new person chooses name and password; an existing one confirms theirs. */
export function InvitationPage({ token }: { token: string }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const refresh = useRefreshMe();
  const info = useQuery({
    queryKey: ['invitation', token],
    queryFn: () => call(api.POST('/api/v1/invitations/lookup', { body: { token } })),
    retry: false,
  });
  const [name, setName] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<unknown>(null);

  async function submit() {
    setError(null);
    try {
      const outcome = await call(
        api.POST('/api/v1/invitations/accept', {
          body: {
            token,
            password,
            ...(info.data?.hasAccount ? {} : { name }),
          },
        }),
      );
      setCsrfToken(outcome.csrfToken);
      await refresh();
      await navigate({ to: outcome.mfaRequired ? '/signin' : '/settings' });
    } catch (e) {
      setError(e);
    }
  }

  if (info.isPending) return <Loading />;
  if (info.isError) {
    return (
      <section className="card">
        <h1>{t('invitation.title')}</h1>
        <ErrorMessage error={info.error} />
      </section>
    );
  }
  const invitation = info.data;
  return (
    <section aria-labelledby="invitation-title" className="card">
      <h1 id="invitation-title">{t('invitation.title')}</h1>
      <p>
        {t('invitation.intro', {
          org: invitation.orgName,
          role: t(`roles.${invitation.role}`),
          email: invitation.email,
        })}
      </p>
      <ErrorMessage error={error} />
      <Form onSubmit={submitWith(submit)} className="form">
        {!invitation.hasAccount && (
          <Field
            label={t('fields.name')}
            name="name"
            value={name}
            onChange={setName}
            isRequired
            autoComplete="name"
            maxLength={200}
          />
        )}
        <PasswordField
          kind={invitation.hasAccount ? 'current' : 'new'}
          label={invitation.hasAccount ? t('fields.password') : t('fields.newPassword')}
          name="password"
          value={password}
          onChange={setPassword}
          description={invitation.hasAccount ? t('invitation.existing') : t('fields.passwordHelp')}
        />
        <Button type="submit" variant="primary">
          {t('invitation.accept')}
        </Button>
      </Form>
    </section>
  );
}
