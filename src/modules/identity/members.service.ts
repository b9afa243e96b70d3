import type { Actor } from '../../platform/actor.js';
import { fail, type Problem } from '../../platform/errors.js';
import { translate } from '../../platform/i18n/index.js';
import { newId, newSecret, sha256Hex } from '../../platform/ids.js';
import { ok, type Result } from '../../platform/result.js';
import type { AccessScope } from './access.js';
import type { IdentityDeps } from './deps.js';
import {
  findInvitationByTokenHash,
  insertInvitation,
  insertPasswordReset,
  claimPasswordReset,
  listPendingInvitations,
  markInvitationAccepted,
  type Invitation,
} from './invites.store.js';
import type { Locale, Role, UserId } from './model.js';
import { findOrg, setOrgMfaRequired } from './orgs.store.js';
import { checkPassword, hashPassword } from './passwords.js';
import { revokeUserSessions } from './sessions.store.js';
import {
  countActiveAdmins,
  findMembership,
  findUser,
  findUserByEmail,
  insertUser,
  listMembers,
  updateMembership,
  updateUser,
  upsertMembership,
  type Member,
} from './users.store.js';

const INVITATION_TTL_MS = 7 * 24 * 3600_000;
const RESET_TTL_MS = 3600_000;

/** Builds the services an organisation's admins use to manage people, and the account-recovery flow. */
export function createMembersService(deps: IdentityDeps) {
  const { db, tx, clock, mailer } = deps;

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

    /** Describes an invitation to the person holding its link. */
    async describeInvitation(
      token: string,
    ): Promise<Result<{ orgName: string; email: string; role: Role; hasAccount: boolean }, Problem>> {
      const invitation = await findInvitationByTokenHash(db, sha256Hex(token));
      if (!invitation || invitation.acceptedAt || invitation.expiresAt <= clock.now())
        return fail('not_found', 'invitation_invalid');
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
     * it with their password. Either way they become a member with the invited role.
     */
    async acceptInvitation(q: {
      token: string;
      name?: string | undefined;
      password: string;
      locale: Locale;
      requestId?: string;
    }): Promise<Result<{ userId: UserId; email: string }, Problem>> {
      const invitation = await findInvitationByTokenHash(db, sha256Hex(q.token));
      if (!invitation || invitation.acceptedAt || invitation.expiresAt <= clock.now())
        return fail('not_found', 'invitation_invalid');
      const existing = await findUserByEmail(db, invitation.email);
      if (existing && !(await checkPassword(existing.passwordHash, q.password)))
        return fail('invalid', 'invitation_wrong_password');
      if (!existing && q.password.length < 12) return fail('invalid', 'password_too_short');
      if (!existing && q.password.toLowerCase() === invitation.email)
        return fail('invalid', 'password_reused');
      const passwordHash = existing ? null : await hashPassword(q.password);
      const userId = existing?.id ?? newId<'UserId'>();
      const actor: Actor = { userId, label: invitation.email, requestId: q.requestId };
      const accepted = await tx.run(actor, async (t, record) => {
        if (!(await markInvitationAccepted(t, invitation.id, clock.now())))
          return fail('not_found', 'invitation_invalid');
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

    /** Changes a member's role, or (de)activates them; the last active admin stays. */
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
        await record({
          action: q.active === false ? 'member.deactivated' : 'member.updated',
          orgId: q.scope.orgId,
          targetType: 'user',
          targetId: q.userId,
          summary: {
            from: membership,
            to: { role: q.role ?? membership.role, active: q.active ?? membership.active },
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

    /**
     * Sends a reset link if the address has an account. Always answers the same, so the form does not reveal
     * which addresses have accounts.
     */
    async requestPasswordReset(q: { email: string; requestId?: string }): Promise<void> {
      const user = await findUserByEmail(db, q.email);
      if (!user) return;
      const token = newSecret();
      const id = newId();
      const link = `${deps.publicUrl}/reset/${token}`;
      await tx.run({ userId: user.id, label: user.email, requestId: q.requestId }, async (t, record) => {
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
        });
        await record({
          action: 'auth.password_reset_requested',
          orgId: null,
          targetType: 'user',
          targetId: user.id,
        });
        return ok(undefined);
      });
      void mailer.deliverPending();
    },

    /** Sets a new password from a reset link and ends every session of the account. */
    async completePasswordReset(q: {
      token: string;
      password: string;
      requestId?: string;
    }): Promise<Result<void, Problem>> {
      const passwordHash = await hashPassword(q.password);
      return tx.run({ userId: null, label: 'password-reset', requestId: q.requestId }, async (t, record) => {
        const userId = await claimPasswordReset(t, sha256Hex(q.token), clock.now());
        if (!userId) return fail('not_found', 'reset_invalid');
        const user = await findUser(t, userId);
        if (!user) return fail('not_found', 'reset_invalid');
        if (q.password.toLowerCase() === user.email) return fail('invalid', 'password_reused');
        await updateUser(t, user.id, { passwordHash });
        const ended = await revokeUserSessions(t, user.id, clock.now());
        await record({
          action: 'auth.password_reset',
          orgId: null,
          targetType: 'user',
          targetId: user.id,
          summary: { sessionsEnded: ended },
        });
        return ok(undefined);
      });
    },
  };
}

/** The members service's type. */
export type MembersService = ReturnType<typeof createMembersService>;
