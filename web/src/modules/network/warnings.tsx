import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Form } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import { api, call, type Body } from '../../api';
import { ErrorMessage, Loading } from '../../ui/feedback';
import { Button, Choice, Field, submitWith } from '../../ui/fields';
import { ObservableInputs } from './parts';
import { networkKeys, type Network } from './types';

type NewEntry = Body<'/api/v1/networks/{networkId}/warning-lists/entries'>;
const LISTS = [
  'official_domains',
  'resolvers',
  'cdn',
  'other',
] as const satisfies readonly NewEntry['list'][];

/**
 * The known-benign values indicators are checked against: the built-in lists (written from memory, and labelled
 * so) and the network's own, which coordinators keep — members' official domains first of all.
 */
export function WarningLists({ network }: { network: Network }) {
  const { t, i18n } = useTranslation();
  const client = useQueryClient();
  const key = [...networkKeys.all(network.id), 'warning-lists'];
  const coordinates = network.actingFor.networkRole === 'coordinator';
  const lists = useQuery({
    queryKey: key,
    queryFn: () =>
      call(
        api.GET('/api/v1/networks/{networkId}/warning-lists', {
          params: { path: { networkId: network.id } },
        }),
      ),
  });
  const remove = useMutation({
    mutationFn: (entryId: string) =>
      call(
        api.DELETE('/api/v1/networks/{networkId}/warning-lists/entries/{entryId}', {
          params: { path: { networkId: network.id, entryId } },
        }),
      ),
    onSuccess: () => client.invalidateQueries({ queryKey: key }),
  });
  const lang = (['en', 'es', 'fr'] as const).find((l) => i18n.language.startsWith(l)) ?? 'en';
  return (
    <section className="panel" aria-labelledby="warning-lists">
      <h2 id="warning-lists">{t('network.warnings.title')}</h2>
      <p className="muted">{t('network.warnings.intro')}</p>
      <ErrorMessage error={lists.error ?? remove.error} />
      {lists.isPending && <Loading />}
      {lists.data && (
        <>
          <h3>{t('network.warnings.own')}</h3>
          {lists.data.own.length === 0 ? (
            <p className="muted">{t('network.warnings.noOwn')}</p>
          ) : (
            <ul className="news-list">
              {lists.data.own.map((e) => (
                <li key={e.id}>
                  <span className="break">
                    {t(`network.kind.${e.kind}`)}: <strong>{e.value}</strong>
                  </span>
                  <p className="muted small">
                    {t(`network.warnings.lists.${e.list}`)}
                    {e.note && ` · ${e.note}`}
                  </p>
                  {coordinates && (
                    <Button
                      variant="danger"
                      onPress={() => remove.mutate(e.id)}
                      isDisabled={remove.isPending}
                    >
                      {t('network.warnings.remove', { value: e.value })}
                    </Button>
                  )}
                </li>
              ))}
            </ul>
          )}
          {coordinates && <NewWarningEntry networkId={network.id} />}
          <h3>{t('network.warnings.builtIn')}</h3>
          {lists.data.builtIn.map((l) => (
            <details key={l.id}>
              <summary>
                {l.name[lang]} ({l.entries.length})
              </summary>
              <p className="small">{l.note[lang]}</p>
              <ul className="small">
                {l.entries.map((e) => (
                  <li key={`${e.kind}:${e.value}`} className="break">
                    {e.value} {e.note && <span className="muted">— {e.note}</span>}
                  </li>
                ))}
              </ul>
            </details>
          ))}
        </>
      )}
    </section>
  );
}

function NewWarningEntry({ networkId }: { networkId: string }) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const [list, setList] = useState<NewEntry['list']>('official_domains');
  const [kind, setKind] = useState<NewEntry['kind']>('domain');
  const [value, setValue] = useState('');
  const [note, setNote] = useState('');
  const add = useMutation({
    mutationFn: () =>
      call(
        api.POST('/api/v1/networks/{networkId}/warning-lists/entries', {
          params: { path: { networkId } },
          body: { list, kind, value, note },
        }),
      ),
    onSuccess: async () => {
      setValue('');
      setNote('');
      await client.invalidateQueries({ queryKey: [...networkKeys.all(networkId), 'warning-lists'] });
    },
  });
  return (
    <Form className="form" onSubmit={submitWith(() => add.mutate())}>
      <h4>{t('network.warnings.add')}</h4>
      <Choice
        label={t('network.warnings.list')}
        options={LISTS.map((l) => ({ key: l, label: t(`network.warnings.lists.${l}`) }))}
        value={list}
        onChange={setList}
      />
      <ObservableInputs kind={kind} onKind={setKind} value={value} onValue={setValue} />
      <Field label={t('network.warnings.note')} name="note" value={note} onChange={setNote} maxLength={500} />
      <ErrorMessage error={add.error} />
      <Button type="submit" variant="primary" isDisabled={add.isPending}>
        {t('network.warnings.addSubmit')}
      </Button>
    </Form>
  );
}
