import { z } from 'zod';
import { fail, type Problem } from '../../platform/errors.js';
import { ok, type Result } from '../../platform/result.js';
import { Tlp } from './model.js';
import type { Marking } from './tlp.js';

/** The audience a member chooses when sharing: the TLP level and, for AMBER and RED, the organisations named. */
export const AudienceFields = z.object({
  tlp: Tlp,
  /** AMBER: the need-to-know member organisations (left out: every member). RED: the named organisations. */
  recipients: z.array(z.uuid()).min(1).max(200).optional(),
});
export type AudienceFields = z.infer<typeof AudienceFields>;

/**
 * Turns a member's choice of audience into the marking stored with the object. Recipients must be member
 * organisations of the network and may only be named for AMBER and RED.
 */
export function markingFor(q: {
  networkId: string;
  ownerOrgId: string;
  memberOrgIds: readonly string[];
  audience: AudienceFields;
}): Result<Marking, Problem> {
  const { tlp, recipients } = q.audience;
  if (recipients && tlp !== 'amber' && tlp !== 'red')
    return fail('invalid', 'tlp_recipients_not_allowed', { params: { tlp: tlp.toUpperCase() } });
  const strangers = (recipients ?? []).filter((id) => !q.memberOrgIds.includes(id));
  if (strangers.length > 0)
    return fail('invalid', 'tlp_recipient_not_member', { detail: strangers.join(', ') });
  const named = recipients && [...new Set(recipients)];
  return ok({
    networkId: q.networkId,
    tlp,
    ownerOrgId: q.ownerOrgId,
    recipients: tlp === 'amber' ? (named ?? null) : tlp === 'red' ? (named ?? []) : null,
  });
}
