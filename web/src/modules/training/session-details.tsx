import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Form } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import { api, call } from '../../api';
import { Button, Field, submitWith } from '../../ui/fields';
import { ErrorMessage, Notice } from '../../ui/feedback';
import { formatDate } from '../../ui/format';
import { LanguageChoice, languageName, type SessionLanguage } from './directory';
import type { SessionResponse } from './types';

/**
 * The session's date, corrected when it ran on another day than planned (paper tests are dated from it, and the
 * audit trail keeps the date it replaced), and the language its participants are written to in.
 */
export function SessionDetails({ orgId, data }: { orgId: string; data: SessionResponse }) {
  const { t, i18n } = useTranslation();
  const client = useQueryClient();
  const { id: sessionId, startsOn, locale, version } = data.session;
  const [date, setDate] = useState(startsOn);
  const [language, setLanguage] = useState<SessionLanguage>(locale ?? 'org');
  const change = useMutation({
    mutationFn: (set: { startsOn: string } | { locale: Exclude<SessionLanguage, 'org'> | null }) =>
      call(
        api.PATCH('/api/v1/orgs/{orgId}/training/sessions/{sessionId}', {
          params: { path: { orgId, sessionId } },
          body: { version, ...set },
        }),
      ),
    onSuccess: () => client.invalidateQueries({ queryKey: ['training-session', orgId, sessionId] }),
  });
  const done = change.isSuccess ? change.variables : undefined;
  return (
    <section className="panel" aria-labelledby="session-date">
      <h2 id="session-date">{t('training.sessionDetails')}</h2>
      <ErrorMessage error={change.error} />
      {done && 'startsOn' in done && (
        <Notice>
          {t('training.sessionDateChanged', { date: formatDate(done.startsOn, i18n.language) })}
        </Notice>
      )}
      {done && 'locale' in done && (
        <Notice>{t('training.sessionLanguageChanged', { language: languageName(done.locale, t) })}</Notice>
      )}
      <Form className="form form-inline" onSubmit={submitWith(() => change.mutate({ startsOn: date }))}>
        <Field
          label={t('training.sessionDateLabel')}
          name="startsOn"
          type="date"
          value={date}
          onChange={setDate}
          isRequired
          description={t('training.sessionDateHelp')}
        />
        <Button type="submit" isDisabled={date === startsOn || change.isPending}>
          {t('training.sessionDateSave')}
        </Button>
      </Form>
      <Form
        className="form form-inline"
        onSubmit={submitWith(() => change.mutate({ locale: language === 'org' ? null : language }))}
      >
        <LanguageChoice value={language} onChange={setLanguage} />
        <Button type="submit" isDisabled={language === (locale ?? 'org') || change.isPending}>
          {t('training.sessionLanguageSave')}
        </Button>
      </Form>
    </section>
  );
}
