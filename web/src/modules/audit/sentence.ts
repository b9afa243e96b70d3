import type { TFunction } from 'i18next';
import type { Reply } from '../../api';

/** An event as the trail lists it. */
export type AuditEvent = Reply<'/api/v1/orgs/{orgId}/audit'>[number];

/** The action families the trail can be filtered by, each a prefix of the action codes. */
export const ACTION_FAMILIES = [
  'member',
  'user',
  'auth',
  'org',
  'grant',
  'token',
  'election',
  'assessment',
  'roadmap',
  'training',
  'network',
] as const;

const text = (v: unknown): string =>
  typeof v === 'string' ? v : typeof v === 'number' || typeof v === 'boolean' ? String(v) : '';

/**
 * One event as a sentence in the reader's language: who did what to whom ("Carmen Salazar changed Marta Ibáñez's
 * role: Staff → Analyst"). Actions without a sentence of their own read "who — what family —
 * code", so nothing is ever hidden; the CSV export keeps the codes.
 */
export function sentenceOf(e: AuditEvent, t: TFunction): string {
  const summary = (typeof e.summary === 'object' && e.summary !== null ? e.summary : {}) as Record<
    string,
    unknown
  >;
  const actor = e.actorName ?? e.actor;
  const target = e.targetName ?? t('audit.someone');
  const role = (r: unknown) => (text(r) ? t(`roles.${text(r)}`) : '');
  const params = {
    actor,
    target,
    email: text(summary['email']),
    role: role(summary['role']),
    name: text(summary['name']) || text(summary['title']),
    title: text(summary['title']),
    control: text(summary['control']),
    filename: text(summary['filename']),
    reason: text(summary['reason']),
    grantee: text(summary['grantee']),
    tlp: text(summary['tlp']).toUpperCase(),
  };
  switch (e.action) {
    case 'member.updated': {
      const from = (summary['from'] ?? {}) as Record<string, unknown>;
      const to = (summary['to'] ?? {}) as Record<string, unknown>;
      if (from['active'] === false && to['active'] === true)
        return t('audit.sentences.member.reactivated', params);
      return t('audit.sentences.member.roleChanged', {
        ...params,
        from: role(from['role']),
        to: role(to['role']),
      });
    }
    case 'assessment.answered': {
      const kind = text(summary['kind']);
      const answer =
        kind === 'score' || kind === 'compensating'
          ? text(summary['score'])
          : kind === 'na'
            ? t('assessments.na')
            : t('audit.unanswered');
      return t('audit.sentences.assessment.answered', { ...params, answer });
    }
    case 'election.updated': {
      // Older entries name only the polling day's change; newer ones the name's too.
      const name = (summary['name'] ?? {}) as Record<string, unknown>;
      const day = (summary['pollingDay'] ?? {}) as Record<string, unknown>;
      return t(
        text(name['to']) ? 'audit.sentences.election.updatedNamed' : 'audit.sentences.election.updated',
        {
          ...params,
          name: text(name['to']),
          from: text(day['from']),
          to: text(day['to']),
        },
      );
    }
    case 'roadmap.item_moved':
      return t('audit.sentences.roadmap.item_moved', {
        ...params,
        status: text(summary['status']) ? t(`roadmap.statuses.${text(summary['status'])}`) : '',
      });
    default: {
      const key = `audit.sentences.${e.action}`;
      if (t(key, { ...params, defaultValue: '' }) !== '') return t(key, params);
      const family = e.action.split('.')[0] ?? '';
      const known = (ACTION_FAMILIES as readonly string[]).includes(family);
      return t('audit.sentences.generic', {
        actor,
        family: known ? t(`audit.families.${family}`) : family,
        action: e.action,
      });
    }
  }
}
