import { join } from 'node:path';
import PDFDocument from 'pdfkit';
import QRCode from 'qrcode';
import { translate, type SupportedLocale } from '../../platform/i18n/index.js';
import { FONT_DIR } from '../../platform/pdf.js';
import { Achievement } from './achievements.js';

/** What one certificate page shows. */
export interface CertificateSheet {
  readonly holder: string;
  readonly achievement: string;
  readonly issuer: string;
  readonly validFrom: Date;
  readonly validUntil: Date | null;
  readonly id: string;
  readonly verifyUrl: string;
}

/** The page of a stored certificate, for its holder (by name) and its issuer. */
export function sheetOf(q: {
  cert: { id: string; achievement: string; validFrom: Date; validUntil: Date | null };
  holder: string;
  issuer: string;
  publicUrl: string;
}): CertificateSheet {
  const { cert } = q;
  return {
    holder: q.holder,
    achievement: cert.achievement,
    issuer: q.issuer,
    validFrom: cert.validFrom,
    validUntil: cert.validUntil,
    id: cert.id,
    verifyUrl: `${q.publicUrl}/verify/${cert.id}`,
  };
}

/**
 * A printable certificate (A4 landscape): holder, achievement, issuer, dates, and a QR code to the public
 * verification page. The PDF carries no signature of its own; the QR code leads to the signed credential.
 * Dates are written in the issuing organisation's time zone.
 */
export function certificatePdf(
  q: CertificateSheet & { locale: SupportedLocale; timeZone: string },
): Promise<Buffer> {
  return certificatesPdf({ locale: q.locale, timeZone: q.timeZone, sheets: [q] });
}

/** Certificates one after another, a page each (a session's, to print at once). */
export async function certificatesPdf(q: {
  locale: SupportedLocale;
  timeZone: string;
  sheets: readonly CertificateSheet[];
}): Promise<Buffer> {
  const w = (key: Parameters<typeof translate>[1], params?: Record<string, string>) =>
    translate(q.locale, key, params);
  const first = q.sheets[0];
  const doc = new PDFDocument({
    size: 'A4',
    layout: 'landscape',
    margin: 50,
    autoFirstPage: false,
    info: {
      Title:
        q.sheets.length === 1 && first
          ? `${w('cert.title')} — ${achievementName(q.locale, first.achievement)}`
          : w('cert.title'),
      Creator: 'Atalaya',
    },
    lang: q.locale,
    displayTitle: true,
  });
  doc.registerFont('body', join(FONT_DIR, 'DejaVuSans.ttf'));
  doc.registerFont('bold', join(FONT_DIR, 'DejaVuSans-Bold.ttf'));
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve) => doc.on('end', () => resolve(Buffer.concat(chunks))));
  const date = new Intl.DateTimeFormat(q.locale, { dateStyle: 'long', timeZone: q.timeZone });
  for (const sheet of q.sheets) {
    doc.addPage();
    await drawPage(doc, { ...sheet, w, date, achievement: achievementName(q.locale, sheet.achievement) });
  }
  doc.end();
  return done;
}

function achievementName(locale: SupportedLocale, achievement: string): string {
  const parsed = Achievement.safeParse(achievement);
  return parsed.success ? translate(locale, `verify.achievement.${parsed.data}`) : achievement;
}

async function drawPage(
  doc: PDFKit.PDFDocument,
  q: CertificateSheet & {
    w: (key: Parameters<typeof translate>[1], params?: Record<string, string>) => string;
    date: Intl.DateTimeFormat;
  },
): Promise<void> {
  const { w, date, achievement } = q;
  const qr = await QRCode.toBuffer(q.verifyUrl, { errorCorrectionLevel: 'M', margin: 1, width: 300 });
  const { width, height } = doc.page;
  const inner = width - 100;
  doc
    .lineWidth(3)
    .strokeColor('#0b5cad')
    .rect(25, 25, width - 50, height - 50)
    .stroke();
  doc
    .lineWidth(1)
    .rect(33, 33, width - 66, height - 66)
    .stroke();
  doc
    .font('bold')
    .fontSize(32)
    .fillColor('#0b5cad')
    .text(w('cert.title'), 50, 80, { width: inner, align: 'center' });
  doc
    .moveDown(1)
    .font('body')
    .fontSize(14)
    .fillColor('#1b1f24')
    .text(w('cert.certifies'), { width: inner, align: 'center' });
  doc.moveDown(0.6).font('bold').fontSize(28).text(q.holder, { width: inner, align: 'center' });
  doc.moveDown(0.6).font('body').fontSize(14).text(w('cert.achieved'), { width: inner, align: 'center' });
  doc.moveDown(0.6).font('bold').fontSize(18).text(achievement, { width: inner, align: 'center' });
  doc
    .moveDown(1.2)
    .font('body')
    .fontSize(12)
    .text(w('cert.issued', { issuer: q.issuer, date: date.format(q.validFrom) }), {
      width: inner,
      align: 'center',
    });
  if (q.validUntil)
    doc.text(w('cert.validUntil', { date: date.format(q.validUntil) }), { width: inner, align: 'center' });

  const qrSize = 110;
  const qrY = height - 60 - qrSize;
  doc.image(qr, 60, qrY, { width: qrSize, height: qrSize });
  doc
    .fontSize(9)
    .fillColor('#59636e')
    .text(w('cert.verify', { url: q.verifyUrl }), 60 + qrSize + 16, qrY + 30, { width: inner - qrSize - 40 })
    .moveDown(0.4)
    .text(w('cert.number', { id: q.id }), { width: inner - qrSize - 40 });
}
