import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../api';
import { Button } from './fields';

/** An error message announced as soon as it appears. */
export function ErrorMessage({ error }: { error: unknown }) {
  const { t } = useTranslation();
  if (!error) return null;
  const message = error instanceof ApiError ? error.message : t('errors.unexpected');
  return (
    <div className="alert alert-error" role="alert">
      {message}
      {error instanceof ApiError && error.id === 'client_outdated' && (
        <>
          {' '}
          <Button onPress={() => window.location.reload()}>{t('errors.reload')}</Button>
        </>
      )}
    </div>
  );
}

/** A polite status message (saved, sent…). */
export function Notice({ children }: { children: ReactNode }) {
  return (
    <div className="alert alert-ok" role="status">
      {children}
    </div>
  );
}

/** Shown while data loads. */
export function Loading() {
  const { t } = useTranslation();
  return (
    <p className="muted" role="status">
      {t('common.loading')}
    </p>
  );
}

/** An empty state that tells the person how to start. */
export function Empty({ children }: { children: ReactNode }) {
  return <p className="empty">{children}</p>;
}
