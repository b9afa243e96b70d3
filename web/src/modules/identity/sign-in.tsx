import { useMutation } from '@tanstack/react-query';
import { Link, useNavigate } from '@tanstack/react-router';
import { useState } from 'react';
import { Form } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import { startAuthentication } from '@simplewebauthn/browser';
import { api, call, ApiError, setCsrfToken, type Body, type LoginOutcome } from '../../api';
import { useRefreshMe } from '../../session';
import { Button, Field, PasswordField, submitWith } from '../../ui/fields';
import { ErrorMessage } from '../../ui/feedback';

/**
 * Sign-in with e-mail and password, then the authenticator code when the account has one. Opened from an
 * unlock link (`unlock`), it lets the account's owner in while failed attempts hold the account back.
 */
type AuthenticationOptions = Parameters<typeof startAuthentication>[0]['optionsJSON'];

export function SignInPage({ unlock }: { unlock?: string } = {}) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const refresh = useRefreshMe();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [code, setCode] = useState('');
  const [step, setStep] = useState<'password' | 'code'>('password');
  const [methods, setMethods] = useState<LoginOutcome['methods']>([]);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  async function finish(outcome: LoginOutcome) {
    setCsrfToken(outcome.csrfToken);
    if (outcome.mfaRequired) {
      setMethods(outcome.methods);
      setStep('code');
      return;
    }
    await refresh();
    await navigate({ to: '/' });
  }

  async function submit() {
    setBusy(true);
    setError(null);
    try {
      const outcome =
        step === 'password'
          ? await call(
              api.POST('/api/v1/auth/login', {
                body: {
                  email,
                  password,
                  ...(unlock && { unlock }),
                },
              }),
            )
          : await call(api.POST('/api/v1/auth/mfa/totp', { body: { code: code.replace(/\s/g, '') } }));
      await finish(outcome);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  }

  async function signInWithPasskey() {
    setError(null);
    try {
      // The options and the response are WebAuthn's, made and checked by SimpleWebAuthn on both sides; the API
      // document names only the fields Atalaya reads.
      const optionsJSON = (await call(
        api.POST('/api/v1/auth/mfa/passkey/options'),
      )) as unknown as AuthenticationOptions;
      const response = await startAuthentication({ optionsJSON }).catch(() => {
        throw new ApiError(400, 'passkey_cancelled', t('settings.passkeyCancelled'));
      });
      await finish(
        await call(
          api.POST('/api/v1/auth/mfa/passkey', {
            body: { response: response as unknown as Body<'/api/v1/auth/mfa/passkey'>['response'] },
          }),
        ),
      );
    } catch (e) {
      setError(e);
    }
  }

  return (
    <section aria-labelledby="signin-title" className="card">
      <h1 id="signin-title">{step === 'password' ? t('signIn.title') : t('signIn.codeTitle')}</h1>
      {unlock && step === 'password' && <p>{t('signIn.unlockIntro')}</p>}
      <ErrorMessage error={error} />
      {(step === 'password' || methods.includes('totp')) && (
        <Form onSubmit={submitWith(submit)} className="form">
          {step === 'password' ? (
            <>
              <Field
                label={t('fields.email')}
                name="email"
                type="email"
                value={email}
                onChange={setEmail}
                isRequired
                autoComplete="username"
                autoFocus
              />
              <PasswordField
                kind="current"
                label={t('fields.password')}
                name="password"
                value={password}
                onChange={setPassword}
              />
            </>
          ) : (
            <Field
              label={t('signIn.code')}
              name="code"
              value={code}
              onChange={setCode}
              isRequired
              inputMode="numeric"
              autoComplete="one-time-code"
              description={t('signIn.codeHelp')}
              maxLength={7}
              autoFocus
            />
          )}
          <Button type="submit" variant="primary" isDisabled={busy}>
            {step === 'password' ? t('signIn.submit') : t('signIn.verify')}
          </Button>
        </Form>
      )}
      {step === 'code' && methods.includes('passkey') && (
        <p>
          <Button onPress={() => void signInWithPasskey()}>{t('signIn.usePasskey')}</Button>
        </p>
      )}
      {step === 'password' && (
        <p>
          <Link to="/forgot">{t('signIn.forgot')}</Link>
        </p>
      )}
    </section>
  );
}

/** Asks for a password-reset link. */
export function ForgotPasswordPage() {
  const { t } = useTranslation();
  const [email, setEmail] = useState('');
  const request = useMutation({
    mutationFn: () => call(api.POST('/api/v1/auth/password-reset', { body: { email } })),
  });
  return (
    <section aria-labelledby="forgot-title" className="card">
      <h1 id="forgot-title">{t('forgot.title')}</h1>
      <ErrorMessage error={request.error} />
      {request.isSuccess ? (
        <p role="status">{t('forgot.sent')}</p>
      ) : (
        <Form onSubmit={submitWith(() => request.mutate())} className="form">
          <Field
            label={t('fields.email')}
            name="email"
            type="email"
            value={email}
            onChange={setEmail}
            isRequired
            autoComplete="username"
            autoFocus
          />
          <Button type="submit" variant="primary">
            {t('forgot.submit')}
          </Button>
        </Form>
      )}
      <p>
        <Link to="/signin">{t('common.backToSignIn')}</Link>
      </p>
    </section>
  );
}

/** Sets a new password from the link in a reset e-mail. */
export function ResetPasswordPage({ token }: { token: string }) {
  const { t } = useTranslation();
  const [password, setPassword] = useState('');
  const reset = useMutation({
    mutationFn: () => call(api.POST('/api/v1/auth/password-reset/complete', { body: { token, password } })),
  });
  return (
    <section aria-labelledby="reset-title" className="card">
      <h1 id="reset-title">{t('reset.title')}</h1>
      <ErrorMessage error={reset.error} />
      {reset.isSuccess ? (
        <p role="status">{t('reset.done')}</p>
      ) : (
        <Form onSubmit={submitWith(() => reset.mutate())} className="form">
          <PasswordField
            kind="new"
            label={t('fields.newPassword')}
            name="password"
            value={password}
            onChange={setPassword}
            description={t('fields.passwordHelp')}
          />
          <Button type="submit" variant="primary">
            {t('reset.submit')}
          </Button>
        </Form>
      )}
      <p>
        <Link to="/signin">{t('common.backToSignIn')}</Link>
      </p>
    </section>
  );
}
