import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, useNavigate } from '@tanstack/react-router';
import { useState } from 'react';
import { Form } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import { api, call, type Body } from '../../api';
import { LANGUAGES, type Language } from '../../i18n';
import { useCanWrite } from '../../session';
import { Empty, ErrorMessage, Loading, Notice } from '../../ui/feedback';
import { Button, Check, Choice, Field, submitWith, TextAreaField } from '../../ui/fields';
import { formatDateTime } from '../../ui/format';
import {
  audienceBody,
  AudiencePicker,
  BackToBoard,
  orgLabel,
  TlpBadge,
  useNetwork,
  type Audience,
} from './parts';
import {
  INCIDENT_CATEGORIES,
  networkKeys,
  type Network,
  type Playbook,
  type PlaybookPage as Read,
} from './types';

type Lang = Language;
const LANGS: readonly Lang[] = LANGUAGES.map((l) => l.code);
type PlaybookBody = Body<'/api/v1/networks/{networkId}/playbooks'>;

/** A playbook's text in the reader's language when it is written in it, else in the language it was written in. */
function inLanguage(
  p: Playbook,
  lang: string,
): { title: string; contentHtml: string; lang: string | null; outdated: boolean } {
  const translated = p.lang !== lang ? p.translations[lang as Lang] : undefined;
  return translated
    ? { ...translated, lang }
    : { title: p.title, contentHtml: p.contentHtml, lang: p.lang, outdated: false };
}

/** The library of playbooks and strategies: what members did that worked, in every language it is written in. */
export function PlaybooksPage({ networkId }: { networkId: string }) {
  const { t, i18n } = useTranslation();
  const network = useNetwork(networkId);
  const canWrite = useCanWrite(network.data?.actingFor.orgId ?? '', 'network');
  const playbooks = useQuery({
    queryKey: networkKeys.playbooks(networkId),
    queryFn: () =>
      call(
        api.GET('/api/v1/networks/{networkId}/playbooks', {
          params: { path: { networkId }, query: { limit: 200 } },
        }),
      ),
  });
  if (network.isPending) return <Loading />;
  if (!network.data) return <ErrorMessage error={network.error} />;
  return (
    <>
      <BackToBoard networkId={networkId} name={network.data.name} />
      <h1>{t('network.playbooks.title')}</h1>
      <p className="muted">{t('network.playbooks.intro')}</p>
      {canWrite && (
        <div className="toolbar">
          <Link className="button button-primary" to="/n/$networkId/playbooks/new" params={{ networkId }}>
            {t('network.playbooks.new')}
          </Link>
        </div>
      )}
      <ErrorMessage error={playbooks.error} />
      {playbooks.isPending ? (
        <Loading />
      ) : (playbooks.data?.playbooks ?? []).length === 0 ? (
        <Empty>{t('network.playbooks.empty')}</Empty>
      ) : (
        <ul className="news-list">
          {(playbooks.data?.playbooks ?? []).map((p) => (
            <li key={p.id}>
              <Link to="/n/$networkId/playbooks/$playbookId" params={{ networkId, playbookId: p.id }}>
                {inLanguage(p, i18n.language).title}
              </Link>
              <p className="news-tags">
                <TlpBadge marking={p.marking} />{' '}
                {p.categories.map((c) => (
                  <span key={c} className="tag">
                    {t(`network.category.${c}`)}
                  </span>
                ))}{' '}
                <span className="muted">
                  {orgLabel(network.data, p.marking.ownerOrgId, t('network.outside'))} ·{' '}
                  {[p.lang, ...Object.keys(p.translations)].map((l) => l?.toUpperCase()).join(' · ')}
                </span>
              </p>
            </li>
          ))}
        </ul>
      )}
    </>
  );
}

/** One playbook: its text in the reader's language, its versions, and what members say of it. */
export function PlaybookPage({ networkId, playbookId }: { networkId: string; playbookId: string }) {
  const { t, i18n } = useTranslation();
  const network = useNetwork(networkId);
  const canWrite = useCanWrite(network.data?.actingFor.orgId ?? '', 'network');
  const [editing, setEditing] = useState(false);
  const read = useQuery({
    queryKey: networkKeys.playbook(networkId, playbookId),
    queryFn: () =>
      call(
        api.GET('/api/v1/networks/{networkId}/playbooks/{playbookId}', {
          params: { path: { networkId, playbookId } },
        }),
      ),
  });
  const [lang, setLang] = useState<string>(i18n.language);
  if (read.isPending || network.isPending) return <Loading />;
  if (!read.data || !network.data)
    return (
      <>
        <BackToBoard networkId={networkId} name={undefined} />
        <ErrorMessage error={read.error ?? network.error} />
      </>
    );
  const { playbook: p, versions, feedback } = read.data;
  const mine = p.marking.ownerOrgId === network.data.actingFor.orgId;
  const written = [p.lang, ...Object.keys(p.translations)].filter((l): l is Lang =>
    LANGS.includes(l as Lang),
  );
  const shown = inLanguage(p, lang);
  const worked = feedback.filter((f) => f.verdict === 'agree').length;
  return (
    <>
      <BackToBoard networkId={networkId} name={network.data.name} />
      <h1 lang={shown.lang ?? undefined}>{shown.title}</h1>
      <p className="news-tags">
        <TlpBadge marking={p.marking} />{' '}
        <span className="muted">
          {t('network.playbooks.by', {
            org: orgLabel(network.data, p.marking.ownerOrgId, t('network.outside')),
            version: versions.length,
            date: formatDateTime(p.modified, i18n.language),
          })}
        </span>
      </p>
      {written.length > 1 && (
        <Choice<string>
          label={t('network.playbooks.language')}
          options={written.map((l) => ({ key: l, label: t(`network.languages.${l}`) }))}
          value={shown.lang ?? lang}
          onChange={setLang}
        />
      )}
      {shown.lang && shown.lang !== i18n.language && (
        <Notice>
          {t('network.playbooks.notInYourLanguage', { lang: t(`network.languages.${shown.lang as Lang}`) })}
        </Notice>
      )}
      {shown.outdated && (
        <Notice>
          {t('network.playbooks.outdated', { lang: t(`network.languages.${(p.lang ?? 'en') as Lang}`) })}
        </Notice>
      )}
      <p>
        <strong>{t('network.playbooks.workedFor', { count: worked })}</strong>
      </p>
      <div
        className="prose"
        lang={shown.lang ?? undefined}
        dangerouslySetInnerHTML={{ __html: shown.contentHtml }}
      />
      {mine && canWrite && !editing && (
        <div className="toolbar">
          <Button onPress={() => setEditing(true)}>{t('network.playbooks.revise')}</Button>
        </div>
      )}
      {mine && canWrite && editing && (
        <PlaybookForm network={network.data} current={p} onDone={() => setEditing(false)} />
      )}
      <Feedback network={network.data} read={read.data} canGive={canWrite && !mine} />
      <h2>{t('network.playbooks.versions')}</h2>
      <ol className="timeline" reversed>
        {versions.map((v) => (
          <li key={v.modified}>
            <strong>{formatDateTime(v.modified, i18n.language)}</strong> —{' '}
            {v.changeNote || t('network.playbooks.noNote')}
          </li>
        ))}
      </ol>
    </>
  );
}

/** What members say of a playbook, and the caller's own say ("this worked for us"). */
function Feedback({ network, read, canGive }: { network: Network; read: Read; canGive: boolean }) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const mine = read.feedback.find((f) => f.orgId === network.actingFor.orgId);
  const [verdict, setVerdict] = useState<'agree' | 'neutral' | 'disagree'>(mine?.verdict ?? 'agree');
  const [explanation, setExplanation] = useState(mine?.explanation ?? '');
  const give = useMutation({
    mutationFn: () =>
      call(
        api.POST('/api/v1/networks/{networkId}/playbooks/{playbookId}/feedback', {
          params: { path: { networkId: network.id, playbookId: read.playbook.id } },
          body: { verdict, explanation },
        }),
      ),
    onSuccess: () => client.invalidateQueries({ queryKey: networkKeys.all(network.id) }),
  });
  return (
    <section aria-labelledby="feedback">
      <h2 id="feedback">{t('network.playbooks.feedback')}</h2>
      {read.feedback.length === 0 ? (
        <p className="muted">{t('network.playbooks.noFeedback')}</p>
      ) : (
        <ul className="comments">
          {read.feedback.map((f) => (
            <li key={f.id}>
              <strong>
                {t('network.playbooks.said', {
                  org: orgLabel(network, f.orgId, t('network.outside')),
                  verdict: t(`network.playbooks.verdict.${f.verdict}`),
                })}
              </strong>
              {f.explanation && <p className="pre-line">{f.explanation}</p>}
            </li>
          ))}
        </ul>
      )}
      {canGive && (
        <Form className="form panel" onSubmit={submitWith(() => give.mutate())}>
          <Choice<'agree' | 'neutral' | 'disagree'>
            label={t('network.playbooks.yourVerdict')}
            options={(['agree', 'neutral', 'disagree'] as const).map((v) => ({
              key: v,
              label: t(`network.playbooks.verdict.${v}`),
            }))}
            value={verdict}
            onChange={setVerdict}
          />
          <TextAreaField
            label={t('network.playbooks.explanation')}
            value={explanation}
            onChange={setExplanation}
          />
          <ErrorMessage error={give.error} />
          {give.isSuccess && <Notice>{t('network.playbooks.thanks')}</Notice>}
          <Button type="submit" variant="primary" isDisabled={give.isPending}>
            {t('network.playbooks.giveFeedback')}
          </Button>
        </Form>
      )}
    </section>
  );
}

/** Writing a playbook: the first one, or a new version of the caller's own (its earlier versions stay). */
function PlaybookForm(props: { network: Network; current?: Playbook; onDone: (id: string) => void }) {
  const { network, current } = props;
  const { t, i18n } = useTranslation();
  const client = useQueryClient();
  const initialLang = (current?.lang ?? i18n.language) as Lang;
  const [lang, setLang] = useState<Lang>(LANGS.includes(initialLang) ? initialLang : 'en');
  const [texts, setTexts] = useState<Record<Lang, { title: string; content: string }>>(() => {
    const blank = { title: '', content: '' };
    const of = (l: Lang) => {
      const text = current && l === current.lang ? current : current?.translations[l];
      return text ? { title: text.title, content: text.content } : blank;
    };
    return { en: of('en'), es: of('es'), fr: of('fr') };
  });
  const [categories, setCategories] = useState<string[]>([...(current?.categories ?? [])]);
  const [changeNote, setChangeNote] = useState('');
  const [audience, setAudience] = useState<Audience>({
    tlp: current?.marking.tlp ?? 'green',
    recipients: [...(current?.marking.recipients ?? [])],
  });
  const save = useMutation({
    mutationFn: () => {
      const translations = Object.fromEntries(
        LANGS.filter((l) => l !== lang && texts[l].title.trim() && texts[l].content.trim()).map((l) => [
          l,
          texts[l],
        ]),
      );
      const body = {
        ...texts[lang],
        lang,
        translations,
        categories: categories as PlaybookBody['categories'],
        changeNote,
        ...audienceBody(audience),
      } satisfies PlaybookBody;
      return call(
        current
          ? api.PUT('/api/v1/networks/{networkId}/playbooks/{playbookId}', {
              params: { path: { networkId: network.id, playbookId: current.id } },
              body,
            })
          : api.POST('/api/v1/networks/{networkId}/playbooks', {
              params: { path: { networkId: network.id } },
              body,
            }),
      );
    },
    onSuccess: async (saved) => {
      await client.invalidateQueries({ queryKey: networkKeys.all(network.id) });
      props.onDone(saved.id);
    },
  });
  const setText = (l: Lang, part: 'title' | 'content', value: string) =>
    setTexts((all) => ({ ...all, [l]: { ...all[l], [part]: value } }));
  return (
    <Form className="form panel" onSubmit={submitWith(() => save.mutate())}>
      <Choice<Lang>
        label={t('network.playbooks.writtenIn')}
        options={LANGS.map((l) => ({ key: l, label: t(`network.languages.${l}`) }))}
        value={lang}
        onChange={setLang}
      />
      {[lang, ...LANGS.filter((l) => l !== lang)].map((l) => (
        <fieldset key={l} className="audience">
          <legend>
            {l === lang
              ? t(`network.languages.${l}`)
              : t('network.playbooks.translation', { lang: t(`network.languages.${l}`) })}
          </legend>
          <Field
            label={t('network.playbooks.titleField')}
            name={`title-${l}`}
            value={texts[l].title}
            onChange={(v) => setText(l, 'title', v)}
            isRequired={l === lang}
          />
          <TextAreaField
            label={t('network.playbooks.content')}
            description={t('network.markdownHelp')}
            value={texts[l].content}
            onChange={(v) => setText(l, 'content', v)}
            rows={l === lang ? 10 : 4}
            maxLength={100_000}
            isRequired={l === lang}
          />
        </fieldset>
      ))}
      <fieldset className="audience">
        <legend>{t('network.playbooks.categories')}</legend>
        {INCIDENT_CATEGORIES.map((c) => (
          <Check
            key={c}
            isSelected={categories.includes(c)}
            onChange={(on) => setCategories((all) => (on ? [...all, c] : all.filter((x) => x !== c)))}
          >
            {t(`network.category.${c}`)}
          </Check>
        ))}
      </fieldset>
      {current && (
        <Field
          label={t('network.playbooks.changeNote')}
          name="changeNote"
          value={changeNote}
          onChange={setChangeNote}
        />
      )}
      <AudiencePicker network={network} value={audience} onChange={setAudience} />
      <ErrorMessage error={save.error} />
      <Button type="submit" variant="primary" isDisabled={save.isPending}>
        {current ? t('network.playbooks.saveVersion') : t('network.playbooks.publish')}
      </Button>
    </Form>
  );
}

/** Writing a new playbook for the network's library. */
export function NewPlaybookPage({ networkId }: { networkId: string }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const network = useNetwork(networkId);
  if (network.isPending) return <Loading />;
  if (!network.data) return <ErrorMessage error={network.error} />;
  return (
    <>
      <BackToBoard networkId={networkId} name={network.data.name} />
      <h1>{t('network.playbooks.new')}</h1>
      <PlaybookForm
        network={network.data}
        onDone={(playbookId) =>
          void navigate({ to: '/n/$networkId/playbooks/$playbookId', params: { networkId, playbookId } })
        }
      />
    </>
  );
}
