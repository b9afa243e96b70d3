import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';

/**
 * Listens to the server's live notifications (server-sent events) and announces the newest one politely;
 * the browser reconnects by itself after a network drop.
 */
export function LiveNotifications() {
  const { t } = useTranslation();
  const client = useQueryClient();
  const [latest, setLatest] = useState<string | null>(null);
  useEffect(() => {
    const source = new EventSource('/api/v1/events');
    source.addEventListener('member.joined', (event: MessageEvent<string>) => {
      const data = JSON.parse(event.data) as { email?: string };
      setLatest(t('notifications.memberJoined', { email: data.email ?? '' }));
      void client.invalidateQueries({ queryKey: ['members'] });
    });
    source.addEventListener('roadmap.due', (event: MessageEvent<string>) => {
      const data = JSON.parse(event.data) as { title?: string; dueOn?: string };
      setLatest(t('notifications.roadmapDue', { title: data.title ?? '', dueOn: data.dueOn ?? '' }));
      void client.invalidateQueries({ queryKey: ['roadmap-items'] });
    });
    // News in a regional network: every open screen of the network refreshes; an alert is announced.
    source.addEventListener('network.shared', (event: MessageEvent<string>) => {
      const data = JSON.parse(event.data) as {
        networkId?: string;
        kind?: string;
        title?: string;
        tlp?: string;
        alert?: boolean;
      };
      if (data.networkId) void client.invalidateQueries({ queryKey: ['network', data.networkId] });
      if (data.alert)
        setLatest(
          t(`notifications.network.${data.kind ?? 'incident'}`, {
            title: data.title ?? '',
            tlp: `TLP:${(data.tlp ?? '').toUpperCase()}`,
            defaultValue: data.title ?? '',
          }),
        );
    });
    return () => source.close();
  }, [client, t]);
  return (
    <div className="live" role="status" aria-live="polite">
      {latest}
    </div>
  );
}
