import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api, call, readJsonFile } from '../../api';
import { ErrorMessage, Loading, Notice } from '../../ui/feedback';
import { FileInput } from '../../ui/file-input';
import { formatNumber } from '../../ui/format';

/** The operator's list of assessment content packs, and the import of a further one. */
export function PacksPage() {
  const { t, i18n } = useTranslation();
  const lang = i18n.language === 'es' || i18n.language === 'fr' ? i18n.language : 'en';
  const client = useQueryClient();
  const packs = useQuery({
    queryKey: ['assessment-packs'],
    queryFn: () => call(api.GET('/api/v1/assessment-packs')),
  });
  const upload = useMutation({
    mutationFn: async (file: File) =>
      call(
        api.POST('/api/v1/assessment-packs', {
          // Sent as read: a file that is not a pack is refused by the server with its reason.
          body: (await readJsonFile(file)) as Record<string, unknown>,
        }),
      ),
    onSuccess: () => client.invalidateQueries({ queryKey: ['assessment-packs'] }),
  });
  return (
    <>
      <h1>{t('packs.title')}</h1>
      <p>{t('packs.intro')}</p>
      <ErrorMessage error={packs.error} />
      {packs.isPending ? (
        <Loading />
      ) : (
        <table tabIndex={0}>
          <thead>
            <tr>
              <th scope="col">{t('packs.colPack')}</th>
              <th scope="col">{t('packs.colVersion')}</th>
              <th scope="col">{t('packs.colControls')}</th>
              <th scope="col">{t('packs.colOrigin')}</th>
            </tr>
          </thead>
          <tbody>
            {(packs.data ?? []).map((p) => (
              <tr key={`${p.id}@${p.version}`}>
                <th scope="row">
                  {p.title[lang]} <code>{p.id}</code>
                </th>
                <td>{p.version}</td>
                <td className="num">{formatNumber(p.controls, i18n.language)}</td>
                <td>{p.builtIn ? t('packs.builtIn') : t('packs.imported')}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <section className="panel" aria-labelledby="import-pack">
        <h2 id="import-pack">{t('packs.import')}</h2>
        <p className="muted">{t('packs.importHelp')}</p>
        <ErrorMessage error={upload.error} />
        {upload.isSuccess && <Notice>{t('packs.done')}</Notice>}
        <FileInput
          label={t('packs.import')}
          accept="application/json,.json"
          onFile={(file) => upload.mutate(file)}
        />
      </section>
    </>
  );
}
