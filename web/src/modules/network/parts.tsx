import { useQuery } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { api, call } from '../../api';
import { Check, Choice, Field } from '../../ui/fields';
import { networkKeys, OBSERVABLE_KINDS, TLP_LEVELS, type Marking, type Network, type Tlp } from './types';

/** The kinds of value an indicator or a warning-list entry is typed as. */
export type ObservableKind = (typeof OBSERVABLE_KINDS)[number];

/** The network the page is in, with its members and whom the signed-in person acts for. */
export function useNetwork(networkId: string) {
  return useQuery({
    queryKey: networkKeys.network(networkId),
    queryFn: () => call(api.GET('/api/v1/networks/{networkId}', { params: { path: { networkId } } })),
    staleTime: 60_000,
  });
}

/** A member organisation's name (and country), or a plain word for an organisation outside the network. */
export function orgLabel(network: Network | undefined, orgId: string | null, outside: string): string {
  const member = network?.members.find((m) => m.orgId === orgId);
  return member ? `${member.orgName} (${member.country})` : outside;
}

/** A TLP 2.0 label, in the colours FIRST defines (on black), with who may read it for a screen reader. */
export function TlpBadge({ marking }: { marking: Pick<Marking, 'tlp'> }) {
  const { t } = useTranslation();
  return (
    <span
      className={`tlp tlp-${marking.tlp.replace('+', '-')}`}
      title={t(`network.tlp.meaning.${marking.tlp}`)}
    >
      TLP:{marking.tlp.toUpperCase()}
      <span className="visually-hidden"> — {t(`network.tlp.meaning.${marking.tlp}`)}</span>
    </span>
  );
}

/** What a member chooses when sharing: the TLP level and, for AMBER and RED, the member organisations named. */
export interface Audience {
  tlp: Tlp;
  recipients: string[];
}

/** The audience as the API takes it (AMBER without names: every member). */
export function audienceBody(a: Audience): { tlp: Tlp; recipients?: string[] } {
  return (a.tlp === 'amber' || a.tlp === 'red') && a.recipients.length > 0
    ? { tlp: a.tlp, recipients: a.recipients }
    : { tlp: a.tlp };
}

/** Chooses who may read what is shared: the level, what it means, and the organisations named. */
export function AudiencePicker(props: {
  network: Network;
  value: Audience;
  onChange: (a: Audience) => void;
}) {
  const { t } = useTranslation();
  const { network, value, onChange } = props;
  const others = network.members.filter((m) => m.orgId !== network.actingFor.orgId);
  const names = value.tlp === 'amber' || value.tlp === 'red';
  return (
    <fieldset className="audience">
      <legend>{t('network.tlp.legend')}</legend>
      <Choice<Tlp>
        label={t('network.tlp.label')}
        options={TLP_LEVELS.map((l) => ({ key: l, label: `TLP:${l.toUpperCase()}` }))}
        value={value.tlp}
        onChange={(tlp) => onChange({ tlp, recipients: [] })}
      />
      <p className="muted small">{t(`network.tlp.meaning.${value.tlp}`)}</p>
      {names && (
        <div role="group" aria-label={t(`network.tlp.recipients.${value.tlp === 'red' ? 'red' : 'amber'}`)}>
          <p className="small">{t(`network.tlp.recipients.${value.tlp === 'red' ? 'red' : 'amber'}`)}</p>
          {others.map((m) => (
            <Check
              key={m.orgId}
              isSelected={value.recipients.includes(m.orgId)}
              onChange={(on) =>
                onChange({
                  ...value,
                  recipients: on
                    ? [...value.recipients, m.orgId]
                    : value.recipients.filter((id) => id !== m.orgId),
                })
              }
            >
              {m.orgName} ({m.country})
            </Check>
          ))}
        </div>
      )}
    </fieldset>
  );
}

/** The way back to the network's board from one of its pages. */
export function BackToBoard({ networkId, name }: { networkId: string; name: string | undefined }) {
  const { t } = useTranslation();
  return (
    <p>
      <Link to="/n/$networkId" params={{ networkId }}>
        ← {name ?? t('network.board.title')}
      </Link>
    </p>
  );
}

/**
 * A date and time as the person reads it on their device, saying which time zone that is (the value is sent in
 * UTC with `new Date(value).toISOString()`).
 */
export function LocalTimeField(props: {
  label: string;
  name: string;
  value: string;
  onChange: (v: string) => void;
}) {
  const { t } = useTranslation();
  return (
    <Field
      {...props}
      type="datetime-local"
      isRequired
      description={t('network.localTime', { zone: Intl.DateTimeFormat().resolvedOptions().timeZone })}
    />
  );
}

/** A timestamp as an input of type datetime-local shows it (the browser's time zone). */
export function localInput(at: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${at.getFullYear()}-${pad(at.getMonth() + 1)}-${pad(at.getDate())}T${pad(at.getHours())}:${pad(at.getMinutes())}`;
}

/** A typed value: its kind, then the value itself (the server checks it and writes it canonically). */
export function ObservableInputs(props: {
  kind: ObservableKind;
  onKind: (kind: ObservableKind) => void;
  value: string;
  onValue: (value: string) => void;
}) {
  const { t } = useTranslation();
  return (
    <>
      <Choice
        label={t('network.indicators.kind')}
        options={OBSERVABLE_KINDS.map((k) => ({ key: k, label: t(`network.kind.${k}`) }))}
        value={props.kind}
        onChange={props.onKind}
      />
      <Field
        label={t('network.indicators.value')}
        name="value"
        value={props.value}
        onChange={props.onValue}
        isRequired
        maxLength={2048}
      />
    </>
  );
}
