import type { Actor } from '../../platform/actor.js';
import type { Tx } from '../../platform/db.js';
import { fail, type Problem } from '../../platform/errors.js';
import { translate, type SupportedLocale } from '../../platform/i18n/index.js';
import { isTimeZone } from '../../platform/regional.js';
import { newId, newSecret, sha256Hex } from '../../platform/ids.js';
import { ok, type Result } from '../../platform/result.js';
import type { AccessScope } from './access.js';
import type { IdentityDeps } from './deps.js';
import type { LoginThrottle } from './throttle.js';
import { queueSecurityNotice } from './security-notice.js';
import { createRateLimiter } from '../../platform/rate-limit.js';
import {
  findInvitationByTokenHash,
  insertInvitation,
  insertPasswordReset,
  claimPasswordReset,
  closeUserResets,
  countResetsSince,
  listPendingInvitations,
  markInvitationAccepted,
  openInvitationTo,
  withdrawInvitation,
  type Invitation,
} from './invites.store.js';
import type { Locale, Role, UserId } from './model.js';
import { findOrg, setOrgMfaRequired, setOrgRegional } from './orgs.store.js';
import { checkPassword, hashPassword } from './passwords.js';
import { revokeUserSessions } from './sessions.store.js';
import { revokeUserTokens } from './tokens.store.js';
import {
  countActiveAdmins,
  findMembership,
  findUser,
  findUserByEmail,
  insertUser,
  listMembers,
  listMembershipsOfUser,
  lockUser,
  updateMembership,
  updateUser,
  upsertMembership,
  type Member,
} from './users.store.js';

const INVITATION_TTL_MS = 7 * 24 * 3600_000;
const RESET_TTL_MS = 3600_000;

/** Why an invitation's link no longer works, in words its holder can act on; undefined while it is open. */
function whyClosed(
  invitation: Invitation | undefined,
  now: Date,
): 'invitation_invalid' | 'invitation_used' | 'invitation_withdrawn' | 'invitation_expired' | undefined {
  if (!invitation) return 'invitation_invalid';
  if (invitation.acceptedAt) return 'invitation_used';
  if (invitation.expiresAt <= now) return 'invitation_expired';
  if (invitation.withdrawnAt) return 'invitation_withdrawn';
  return undefined;
}

/** Builds the services an organisation's admins use to manage people, and the account-recovery flow. */
export function createMembersService(deps: IdentityDeps, throttle: LoginThrottle) {
  const { db, tx, clock, mailer } = deps;
  // Reset mails: at most 3 an hour to one address, and 10 requests per 15 minutes from one network address.
  const resetsByIp = createRateLimiter({
    limit: 10,
    windowMs: 15 * 60_000,
    now: () => clock.now().getTime(),
  });

  /** Revokes a deactivated member's tokens for the organisation, and their sessions if nothing else is left. */
  async function revokeCredentials(t: Tx, userId: string, orgId: string) {
    const tokensRevoked = await revokeUserTokens(t, { userId, now: clock.now(), orgId });
    const user = await findUser(t, userId);
    const stillMember = (await listMembershipsOfUser(t, userId)).length > 0;
    const sessionsEnded =
      stillMember || user?.isOperator ? 0 : await revokeUserSessions(t, userId, clock.now());
    return { tokensRevoked, sessionsEnded };
  }

  async function sendResetLink(q: { email: string; requestId?: string | undefined }): Promise<void> {
    const user = await findUserByEmail(db, q.email);
    if (!user) return;
    const token = newSecret();
    const id = newId();
    const link = `${deps.publicUrl}/reset/${token}`;
    const queued = await deps.txKeepCallers.run(
      { userId: user.id, label: user.email, requestId: q.requestId },
      async (t, record) => {
        await lockUser(t, user.id);
        if ((await countResetsSince(t, user.id, new Date(clock.now().getTime() - 3600_000))) >= 3)
          return ok(false);
        await insertPasswordReset(t, {
          id,
          userId: user.id,
          tokenHash: sha256Hex(token),
          expiresAt: new Date(clock.now().getTime() + RESET_TTL_MS),
        });
        await mailer.queue(t, {
          to: user.email,
          subject: translate(user.locale, 'mail.reset.subject'),
          text: translate(user.locale, 'mail.reset.body', { link }),
          secrets: [token],
        });
        await record({
          action: 'auth.password_reset_requested',
          orgId: null,
          targetType: 'user',
          targetId: user.id,
        });
        return ok(true);
      },
    );
    if (queued.ok && queued.value) await mailer.deliverPending();
  }

  return {
    /** Members of the organisation in scope. */
    list(scope: AccessScope): Promise<Member[]> {
      return listMembers(db, scope.orgId);
    },

    /** Pending invitations of the organisation in scope. */
    pendingInvitations(scope: AccessScope): Promise<Invitation[]> {
      return listPendingInvitations(db, scope.orgId, clock.now());
    },

    /** Invites a person by e-mail; the link arrives by mail (or in the outbox without SMTP). */
    async invite(q: {
      scope: AccessScope;
      actor: Actor;
      inviterName: string;
      email: string;
      role: Role;
      locale: Locale;
    }): Promise<Result<{ invitationId: string }, Problem>> {
      const org = await findOrg(db, q.scope.orgId);
      if (!org) return fail('not_found', 'organisation_not_found');
      const existing = await findUserByEmail(db, q.email);
      if (existing) {
        const membership = await findMembership(db, q.scope.orgId, existing.id);
        if (membership?.active) return fail('conflict', 'already_member');
      }
      const token = newSecret();
      const id = newId();
      const locale = existing?.locale ?? q.locale;
      const result = await tx.run(q.actor, async (t, record) => {
        if (await openInvitationTo(t, q.scope.orgId, q.email, clock.now()))
          return fail('conflict', 'invitation_pending');
        await insertInvitation(t, {
          id,
          orgId: q.scope.orgId,
          email: q.email,
          role: q.role,
          tokenHash: sha256Hex(token),
          invitedBy: q.actor.userId,
          expiresAt: new Date(clock.now().getTime() + INVITATION_TTL_MS),
        });
        const params = {
          org: org.name,
          inviter: q.inviterName,
          role: translate(locale, `role.${q.role}`),
          link: `${deps.publicUrl}/invite/${token}`,
        };
        await mailer.queue(t, {
          to: q.email,
          subject: translate(locale, 'mail.invite.subject', params),
          text: translate(locale, 'mail.invite.body', params),
          secrets: [token],
        });
        await record({
          action: 'member.invited',
          orgId: q.scope.orgId,
          targetType: 'invitation',
          targetId: id,
          summary: { email: q.email, role: q.role },
        });
        return ok({ invitationId: id });
      });
      if (result.ok) void mailer.deliverPending();
      return result;
    },

    /** Withdraws an open invitation (its link stops working and says it was withdrawn). */
    async withdraw(q: {
      scope: AccessScope;
      actor: Actor;
      invitationId: string;
    }): Promise<Result<{ email: string }, Problem>> {
      return tx.run(q.actor, async (t, record) => {
        const withdrawn = await withdrawInvitation(t, q.scope.orgId, q.invitationId, clock.now());
        if (!withdrawn) return fail('not_found', 'invitation_not_open');
        await record({
          action: 'member.invitation_withdrawn',
          orgId: q.scope.orgId,
          targetType: 'invitation',
          targetId: withdrawn.id,
          summary: { email: withdrawn.email, role: withdrawn.role },
        });
        return ok({ email: withdrawn.email });
      });
    },

    /** Describes an invitation to the person holding its link. */
    async describeInvitation(
      token: string,
    ): Promise<Result<{ orgName: string; email: string; role: Role; hasAccount: boolean }, Problem>> {
      const invitation = await findInvitationByTokenHash(db, sha256Hex(token));
      const closed = whyClosed(invitation, clock.now());
      if (!invitation || closed) return fail('not_found', closed ?? 'invitation_invalid');
      const org = await findOrg(db, invitation.orgId);
      if (!org) return fail('not_found', 'invitation_invalid');
      const user = await findUserByEmail(db, invitation.email);
      return ok({
        orgName: org.name,
        email: invitation.email,
        role: invitation.role,
        hasAccount: user !== undefined,
      });
    },

    /**
     * Accepts an invitation: a new person sets name and password; a person who already has an account proves
     * it with their password, under the same throttle as signing in. Either way they become a member with the
     * invited role.
     */
    async acceptInvitation(q: {
      token: string;
      name?: string | undefined;
      password: string;
      locale: Locale;
      ip: string | null;
      requestId?: string;
    }): Promise<Result<{ userId: UserId; email: string }, Problem>> {
      const invitation = await findInvitationByTokenHash(db, sha256Hex(q.token));
      const closed = whyClosed(invitation, clock.now());
      if (!invitation || closed) return fail('not_found', closed ?? 'invitation_invalid');
      const existing = await findUserByEmail(db, invitation.email);
      if (existing) {
        const verdict = await throttle.check({ email: existing.email, ip: q.ip, requestId: q.requestId });
        if (!verdict.ok) return { ok: false, error: verdict.problem };
        if (!(await checkPassword(existing.passwordHash, q.password))) {
          await throttle.recordFailure({
            email: existing.email,
            ip: q.ip,
            requestId: q.requestId,
            reason: 'wrong_password_invitation',
          });
          return fail('invalid', 'invitation_wrong_password');
        }
      }
      if (!existing && q.password.length < 12) return fail('invalid', 'password_too_short');
      if (!existing && q.password.toLowerCase() === invitation.email)
        return fail('invalid', 'password_reused');
      const passwordHash = existing ? null : await hashPassword(q.password);
      const userId = existing?.id ?? newId<'UserId'>();
      const actor: Actor = { userId, label: invitation.email, requestId: q.requestId };
      const accepted = await tx.run(actor, async (t, record) => {
        if (!(await markInvitationAccepted(t, invitation.id, clock.now())))
          return fail('not_found', 'invitation_used');
        if (!existing) {
          await insertUser(t, {
            id: userId,
            email: invitation.email,
            name: q.name ?? invitation.email,
            passwordHash,
            locale: q.locale,
          });
          await record({
            action: 'user.created',
            orgId: invitation.orgId,
            targetType: 'user',
            targetId: userId,
            summary: { email: invitation.email },
          });
        }
        await upsertMembership(t, { userId, orgId: invitation.orgId, role: invitation.role });
        await record({
          action: 'member.joined',
          orgId: invitation.orgId,
          targetType: 'user',
          targetId: userId,
          summary: { role: invitation.role, invitation: invitation.id },
        });
        return ok({ userId, email: invitation.email });
      });
      if (accepted.ok) {
        const data = { email: invitation.email, role: invitation.role };
        deps.notify({ type: 'member.joined', orgId: invitation.orgId, userId: null, data });
      }
      return accepted;
    },

    /**
     * Changes a member's role, or (de)activates them; the last active admin stays. Deactivation revokes the
     * person's API tokens for this organisation and, when they belong to no other organisation, ends their
     * sessions, so re-activation never brings old credentials back.
     */
    async updateMember(q: {
      scope: AccessScope;
      actor: Actor;
      userId: string;
      role?: Role | undefined;
      active?: boolean | undefined;
    }): Promise<Result<void, Problem>> {
      const membership = await findMembership(db, q.scope.orgId, q.userId);
      if (!membership) return fail('not_found', 'user_not_found');
      return tx.run(q.actor, async (t, record) => {
        await updateMembership(t, {
          userId: q.userId,
          orgId: q.scope.orgId,
          ...(q.role && { role: q.role }),
          ...(q.active !== undefined && { active: q.active }),
        });
        if ((await countActiveAdmins(t, q.scope.orgId)) === 0) return fail('conflict', 'last_admin');
        const revoked = q.active === false ? await revokeCredentials(t, q.userId, q.scope.orgId) : undefined;
        await record({
          action: q.active === false ? 'member.deactivated' : 'member.updated',
          orgId: q.scope.orgId,
          targetType: 'user',
          targetId: q.userId,
          summary: {
            from: membership,
            to: { role: q.role ?? membership.role, active: q.active ?? membership.active },
            ...revoked,
          },
        });
        return ok(undefined);
      });
    },

    /** Turns the organisation's "MFA required" policy on or off. */
    async setMfaRequired(q: {
      scope: AccessScope;
      actor: Actor;
      required: boolean;
    }): Promise<Result<void, Problem>> {
      return tx.run(q.actor, async (t, record) => {
        await setOrgMfaRequired(t, q.scope.orgId, q.required);
        await record({
          action: 'org.mfa_policy_changed',
          orgId: q.scope.orgId,
          targetType: 'organisation',
          targetId: q.scope.orgId,
          summary: { required: q.required },
        });
        return ok(undefined);
      });
    },

    /** Sets the organisation's language and time zone (identity:write). */
    async setRegional(q: {
      scope: AccessScope;
      actor: Actor;
      locale: SupportedLocale;
      timeZone: string;
    }): Promise<Result<void, Problem>> {
      if (!isTimeZone(q.timeZone)) return fail('invalid', 'time_zone_unknown');
      return tx.run(q.actor, async (t, record) => {
        await setOrgRegional(t, q.scope.orgId, q);
        await record({
          action: 'org.regional_changed',
          orgId: q.scope.orgId,
          targetType: 'organisation',
          targetId: q.scope.orgId,
          summary: { locale: q.locale, timeZone: q.timeZone },
        });
        return ok(undefined);
      });
    },

    /**
     * Takes a reset request: refuses an address that asked too often, otherwise answers at once and sends the
     * link afterwards (`sending`), so the answer neither says nor, by its timing, shows which addresses have
     * accounts. An account gets at most 3 reset mails an hour.
     */
    requestPasswordReset(q: {
      email: string;
      ip: string | null;
      requestId?: string;
    }): Result<{ sending: Promise<void> }, Problem> {
      if (!resetsByIp.take(q.ip ?? 'unknown'))
        return fail('rate_limited', 'too_many_attempts', { params: { minutes: 15 } });
      return ok({ sending: sendResetLink(q) });
    },

    /**
     * Sets a new password from a reset link, uses up every other reset link of the account, and ends its
     * sessions and API tokens. The reset is audited in each organisation the person belongs to, so their
     * administrators see it (whoever holds a reset link holds the account).
     */
    async completePasswordReset(q: {
      token: string;
      password: string;
      requestId?: string;
    }): Promise<Result<void, Problem>> {
      const passwordHash = await hashPassword(q.password);
      const reset = await tx.run(
        { userId: null, label: 'password-reset', requestId: q.requestId },
        async (t, record) => {
          const userId = await claimPasswordReset(t, sha256Hex(q.token), clock.now());
          if (!userId) return fail('not_found', 'reset_invalid');
          const user = await findUser(t, userId);
          if (!user) return fail('not_found', 'reset_invalid');
          if (q.password.toLowerCase() === user.email) return fail('invalid', 'password_reused');
          await updateUser(t, user.id, { passwordHash });
          const ended = await revokeUserSessions(t, user.id, clock.now());
          const tokensRevoked = await revokeUserTokens(t, { userId: user.id, now: clock.now() });
          await closeUserResets(t, user.id, clock.now());
          await queueSecurityNotice(deps, t, { ...user, change: 'password_reset' });
          const orgs = await listMembershipsOfUser(t, user.id);
          for (const orgId of [null, ...orgs.map((m) => m.orgId)])
            await record({
              action: 'auth.password_reset',
              orgId,
              targetType: 'user',
              targetId: user.id,
              summary: { email: user.email, sessionsEnded: ended, tokensRevoked },
            });
          return ok(undefined);
        },
      );
      if (reset.ok) void mailer.deliverPending();
      return reset;
    },
  };
}

/** The members service's type. */
export type MembersService = ReturnType<typeof createMembersService>;
