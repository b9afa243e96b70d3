import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Form } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import { api, call, upload } from '../../api';
import { ErrorMessage, Loading } from '../../ui/feedback';
import { Button, submitWith, TextAreaField } from '../../ui/fields';
import { FileInput } from '../../ui/file-input';
import { formatDateTime, formatNumber } from '../../ui/format';
import { orgLabel } from './parts';
import { networkKeys, type Incident, type Network } from './types';

/**
 * The discussion of an incident: comments from the members who may read it (each under the incident's own
 * audience, so the sharer always reads them) with their files, hashed; a member who may write adds one.
 */
export function Comments(props: { network: Network; incident: Incident; canWrite: boolean }) {
  const { network, incident, canWrite } = props;
  const { t, i18n } = useTranslation();
  const comments = useQuery({
    queryKey: networkKeys.comments(network.id, incident.id),
    queryFn: () =>
      call(
        api.GET('/api/v1/networks/{networkId}/incidents/{incidentId}/comments', {
          params: { path: { networkId: network.id, incidentId: incident.id } },
        }),
      ),
  });
  return (
    <section aria-labelledby="comments">
      <h2 id="comments">{t('network.comments.title')}</h2>
      <p className="muted">{t('network.comments.audience', { tlp: incident.marking.tlp.toUpperCase() })}</p>
      <ErrorMessage error={comments.error} />
      {comments.isPending ? (
        <Loading />
      ) : (comments.data?.comments ?? []).length === 0 ? (
        <p className="muted">{t('network.comments.empty')}</p>
      ) : (
        <ol className="comments">
          {(comments.data?.comments ?? []).map((c) => (
            <li key={c.id}>
              <p className="news-tags">
                <strong>{orgLabel(network, c.marking.ownerOrgId, t('network.outside'))}</strong> ·{' '}
                <time dateTime={c.created}>{formatDateTime(c.created, i18n.language)}</time>
              </p>
              <p className="pre-line">{c.text}</p>
              {c.attachments.length > 0 && (
                <ul className="attachments">
                  {c.attachments.map((a) => (
                    <li key={a.sha256}>
                      <a
                        href={`/api/v1/networks/${network.id}/comments/${c.id}/attachments/${a.sha256}`}
                        download={a.filename}
                      >
                        {a.filename}
                      </a>{' '}
                      <span className="muted">
                        ({t('network.comments.bytes', { size: formatNumber(a.size, i18n.language) })})
                      </span>
                      <br />
                      <span className="muted break">SHA-256 {a.sha256}</span>
                    </li>
                  ))}
                </ul>
              )}
            </li>
          ))}
        </ol>
      )}
      {canWrite && <NewComment networkId={network.id} incidentId={incident.id} />}
    </section>
  );
}

/** A comment, and a file with it if one is chosen: the comment is saved first, then the file attached to it. */
function NewComment({ networkId, incidentId }: { networkId: string; incidentId: string }) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const [text, setText] = useState('');
  const [file, setFile] = useState<File | undefined>();
  const [formKey, setFormKey] = useState(0);
  const send = useMutation({
    mutationFn: async () => {
      const comment = await call(
        api.POST('/api/v1/networks/{networkId}/incidents/{incidentId}/comments', {
          params: { path: { networkId, incidentId } },
          body: { text },
        }),
      );
      if (file)
        await upload('/api/v1/networks/{networkId}/comments/{commentId}/attachments', {
          file,
          path: { networkId, commentId: comment.id },
        });
    },
    onSuccess: () => {
      setText('');
      setFile(undefined);
      setFormKey((k) => k + 1);
    },
    // A comment saved without its file is shown too, with the error that kept the file out.
    onSettled: () => client.invalidateQueries({ queryKey: networkKeys.all(networkId) }),
  });
  return (
    <Form key={formKey} className="form panel" onSubmit={submitWith(() => send.mutate())}>
      <TextAreaField label={t('network.comments.add')} value={text} onChange={setText} rows={3} isRequired />
      <FileInput label={t('network.comments.file')} onFile={setFile} />
      <ErrorMessage error={send.error} />
      <Button type="submit" variant="primary" isDisabled={send.isPending || text.trim() === ''}>
        {t('network.comments.submit')}
      </Button>
    </Form>
  );
}
