import type { Actor } from '../../platform/actor.js';
import { fail, type Problem } from '../../platform/errors.js';
import { translate, type SupportedLocale } from '../../platform/i18n/index.js';
import type { OutgoingMail } from '../../platform/mail.js';
import { ok, type Result } from '../../platform/result.js';
import { folded } from '../../platform/text.js';
import { Achievement } from './achievements.js';
import type { CertificateStatus } from './model.js';
import type { CourseCatalogue } from './catalogue.js';
import { addMonths } from './dates.js';
import { findPeople } from './people.store.js';
import type { SessionViews } from './session-view.js';
import { findSession, listTrainers } from './sessions.store.js';
import { certificatePdf, certificatesPdf, sheetOf, type CertificateSheet } from './certificate-pdf.js';
import type { TrainingDeps } from './training.service.js';
import { languageFor } from './speaking.js';

/** Certificates from completion: bulk issue, master trainers, the list, printable sheets. */
export function certificationPart(
  deps: Pick<
    TrainingDeps,
    'db' | 'tx' | 'clock' | 'credentials' | 'organisation' | 'publicUrl' | 'mailer'
  > & {
    readonly catalogue: CourseCatalogue;
    readonly sessionView: SessionViews;
  },
) {
  const { db, clock, credentials, catalogue, sessionView } = deps;
  const verifyUrl = (id: string) => `${deps.publicUrl}/verify/${id}`;

  /**
   * Sends each holder of new certificates an e-mail, in their language, with their certificate as a PDF and
   * its verification address: what they earned reaches them, not only the trainer's list. Queued together
   * with an audit entry once the certificates are stored (rendering PDFs inside the issuing transaction would
   * hold the status lists for seconds).
   */
  async function deliver(q: {
    orgId: string;
    actor: Actor;
    issued: readonly { id: string; personId: string | null; validFrom: Date; validUntil: Date | null }[];
    achievement: Achievement;
    /** The session they earned it in, whose language mail follows when a person chose none. */
    session: { locale: SupportedLocale | null } | undefined;
  }): Promise<void> {
    const org = await deps.organisation(q.orgId);
    const people = new Map(
      (
        await findPeople(
          db,
          q.orgId,
          q.issued.flatMap((c) => (c.personId ? [c.personId] : [])),
        )
      ).map((p) => [p.id, p]),
    );
    const mails: OutgoingMail[] = [];
    for (const cert of q.issued) {
      const person = cert.personId ? people.get(cert.personId) : undefined;
      if (!person) continue;
      const locale = languageFor(person, q.session, org);
      const sheet = sheetOf({
        cert: { ...cert, achievement: q.achievement },
        holder: person.name,
        issuer: org?.name ?? '',
        publicUrl: deps.publicUrl,
      });
      const params = {
        name: person.name,
        achievement: translate(locale, `verify.achievement.${q.achievement}`),
        issuer: sheet.issuer,
        link: sheet.verifyUrl,
      };
      mails.push({
        to: person.email,
        subject: translate(locale, 'mail.training_certificate.subject', params),
        text: translate(locale, 'mail.training_certificate.body', params),
        attachments: [
          {
            filename: `${translate(locale, 'cert.filename')}-${cert.id.slice(0, 8)}.pdf`,
            contentType: 'application/pdf',
            content: await certificatePdf({ ...sheet, locale, timeZone: org?.timeZone ?? 'UTC' }),
          },
        ],
      });
    }
    if (mails.length === 0) return;
    await deps.tx.run(q.actor, async (t, record) => {
      for (const mail of mails) await deps.mailer.queue(t, mail);
      await record({
        action: 'training.certificates_sent',
        orgId: q.orgId,
        targetType: 'certificate',
        targetId: q.issued[0]?.id ?? '',
        summary: { sent: mails.length, achievement: q.achievement },
      });
      return ok(undefined);
    });
    await deps.mailer.deliverPending();
  }

  return {
    /**
     * Issues certificates to people of a session in one go: the participant certificate to those who
     * completed, and — in a training-of-trainers session — the certified-trainer certificate to those who met
     * the trainer rules. Anyone named who does not qualify makes the whole request fail, and nothing is issued.
     * People who already hold the certificate from this session are skipped.
     */
    async issueCertificates(q: {
      orgId: string;
      actor: Actor;
      sessionId: string;
      personIds: readonly string[];
    }): Promise<Result<{ issued: number; skipped: number; achievement: Achievement }, Problem>> {
      const view = await sessionView(q.orgId, q.sessionId);
      if (!view) return fail('not_found', 'training_session_not_found');
      const achievement: Achievement =
        view.session.audience === 'trainers' ? 'certified_trainer' : 'participant';
      const chosen = new Set(q.personIds);
      const rows = view.roster.filter((r) => chosen.has(r.person.id));
      if (rows.length !== chosen.size) return fail('not_found', 'roster_entry_not_found');
      const notQualified = rows.filter((r) =>
        achievement === 'participant' ? !r.completion.completed : !r.completion.trainerCertified,
      );
      if (notQualified.length > 0)
        return fail('invalid', 'certificate_not_completed', {
          params: { names: notQualified.map((r) => r.person.name).join(', ') },
        });
      const todo = rows.filter(
        (r) => !r.certificates.some((c) => c.achievement === achievement && c.status !== 'revoked'),
      );
      const org = await deps.organisation(q.orgId);
      const issued = await credentials.issueMany({
        orgId: q.orgId,
        orgName: org?.name ?? '',
        actor: q.actor,
        achievement,
        validUntil: addMonths(clock.now(), view.rules.validityMonths[achievement]),
        recipients: todo.map((r) => ({
          email: r.person.email,
          name: r.person.name,
          userId: r.person.userId,
          personId: r.person.id,
          sessionId: q.sessionId,
        })),
      });
      if (!issued.ok) return issued;
      await deliver({
        orgId: q.orgId,
        actor: q.actor,
        issued: issued.value,
        achievement,
        session: view.session,
      });
      return ok({ issued: issued.value.length, skipped: rows.length - todo.length, achievement });
    },

    /**
     * Certifies a certified trainer as a master trainer, once they have delivered at least one session: the
     * master-trainer certificate, valid for the period the course of their certification sets.
     */
    async certifyMaster(q: {
      orgId: string;
      actor: Actor;
      personId: string;
    }): Promise<Result<{ id: string }, Problem>> {
      const [person] = await findPeople(db, q.orgId, [q.personId]);
      if (!person) return fail('not_found', 'person_not_found');
      const held = (await credentials.list(q.orgId)).filter(
        (c) => c.personId === q.personId && c.status === 'valid',
      );
      if (held.some((c) => c.achievement === 'master_trainer')) return fail('conflict', 'master_already');
      const trainerCert = held.find((c) => c.achievement === 'certified_trainer');
      const delivered = (await listTrainers(db, q.orgId)).some((t) => t.personId === q.personId);
      if (!trainerCert || !delivered)
        return fail('invalid', 'master_not_eligible', { params: { name: person.name } });
      const session = trainerCert.sessionId
        ? await findSession(db, q.orgId, trainerCert.sessionId)
        : undefined;
      const course = session && (await catalogue.load(q.orgId, session.courseId, session.courseVersion));
      const issued = await credentials.issueMany({
        orgId: q.orgId,
        orgName: (await deps.organisation(q.orgId))?.name ?? '',
        actor: q.actor,
        achievement: 'master_trainer',
        validUntil: addMonths(clock.now(), course?.rules.validityMonths.master_trainer ?? 36),
        recipients: [
          {
            email: person.email,
            name: person.name,
            userId: person.userId,
            personId: person.id,
            sessionId: null,
          },
        ],
      });
      if (!issued.ok) return issued;
      await deliver({
        orgId: q.orgId,
        actor: q.actor,
        issued: issued.value,
        achievement: 'master_trainer',
        session: undefined,
      });
      return ok({ id: issued.value[0]?.id ?? '' });
    },

    /**
     * Certificates the organisation issued, with the holder's name from its own register: one page of those
     * with `status` whose holder's name contains `holder` (case and accents aside), newest first, and how
     * many there are in all — a council's hundreds of certificates are not sent down a 3G line at once.
     */
    async certificates(
      orgId: string,
      q: { status?: CertificateStatus; holder?: string; limit?: number; offset?: number } = {},
    ) {
      const rows = await credentials.list(orgId);
      const people = new Map(
        (
          await findPeople(db, orgId, [...new Set(rows.flatMap((r) => (r.personId ? [r.personId] : [])))])
        ).map((p) => [p.id, p]),
      );
      const wanted = folded(q.holder ?? '');
      const all = rows
        .map((r) => ({
          id: r.id,
          achievement: r.achievement,
          holder: (r.personId && people.get(r.personId)?.name) || r.recipientInitials,
          sessionId: r.sessionId,
          status: r.status,
          issuedAt: r.issuedAt,
          validUntil: r.validUntil,
          revokedReason: r.revokedReason,
          verifyUrl: verifyUrl(r.id),
        }))
        .filter((c) => (!q.status || c.status === q.status) && folded(c.holder).includes(wanted));
      const offset = q.offset ?? 0;
      return {
        certificates: all.slice(offset, q.limit === undefined ? undefined : offset + q.limit),
        total: all.length,
      };
    },

    /** The issuing organisation's name, as certificates and reports show it. */
    async issuerName(orgId: string): Promise<string> {
      return (await deps.organisation(orgId))?.name ?? '';
    },

    /**
     * What a printed certificate shows (holder, achievement, issuer, dates, the verification address), and the
     * time zone its dates are written in.
     */
    async certificateSheet(
      orgId: string,
      id: string,
    ): Promise<Result<CertificateSheet & { timeZone: string }, Problem>> {
      const cert = await credentials.certificate(id);
      if (!cert.ok || cert.value.orgId !== orgId) return fail('not_found', 'certificate_not_found');
      const c = cert.value;
      const [person] = c.personId ? await findPeople(db, orgId, [c.personId]) : [];
      const org = await deps.organisation(orgId);
      return ok({
        ...sheetOf({
          cert: c,
          holder: person?.name ?? c.recipientInitials,
          issuer: org?.name ?? '',
          publicUrl: deps.publicUrl,
        }),
        timeZone: org?.timeZone ?? 'UTC',
      });
    },

    /**
     * A session's certificates as one PDF, a page each, to print at once: those not revoked, in roster order.
     * Not found when the session has none.
     */
    async sessionCertificatesPdf(q: {
      orgId: string;
      sessionId: string;
      locale: SupportedLocale;
    }): Promise<Result<Buffer, Problem>> {
      const view = await sessionView(q.orgId, q.sessionId);
      if (!view) return fail('not_found', 'training_session_not_found');
      const org = await deps.organisation(q.orgId);
      const held = (await credentials.list(q.orgId)).filter(
        (c) => c.sessionId === q.sessionId && c.status !== 'revoked',
      );
      const sheets = view.roster.flatMap((r) =>
        held
          .filter((c) => c.personId === r.person.id)
          .map((c) =>
            sheetOf({ cert: c, holder: r.person.name, issuer: org?.name ?? '', publicUrl: deps.publicUrl }),
          ),
      );
      if (sheets.length === 0) return fail('not_found', 'certificate_not_found');
      return ok(await certificatesPdf({ locale: q.locale, timeZone: org?.timeZone ?? 'UTC', sheets }));
    },
  };
}
