import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import PDFDocument from 'pdfkit';

const require = createRequire(import.meta.url);
// DejaVu Sans covers Latin, Greek, Cyrillic and the arrows and dashes our texts use; it ships in an npm package.
export const FONT_DIR = join(dirname(require.resolve('dejavu-fonts-ttf/package.json')), 'ttf');

const MARGIN = 56;
const INK = '#1b1f24';
const MUTED = '#59636e';
const ACCENT = '#0b5cad';

/** A bar in a chart: a value and, optionally, a target mark, both on a 0–100 scale. */
export interface Bar {
  readonly label: string;
  readonly value: number | null;
  readonly target?: number | null;
}

/**
 * A small report writer on pdfkit: A4 pages, an embedded Unicode font, headings, paragraphs, key figures,
 * tables that break across pages, and horizontal bar charts. Reports need no browser.
 */
export class PdfReport {
  readonly doc: PDFKit.PDFDocument;

  constructor(meta: { title: string; lang: string }) {
    this.doc = new PDFDocument({
      size: 'A4',
      margin: MARGIN,
      info: { Title: meta.title, Creator: 'Atalaya' },
      lang: meta.lang,
      displayTitle: true,
      bufferPages: true,
    });
    this.doc.registerFont('body', join(FONT_DIR, 'DejaVuSans.ttf'));
    this.doc.registerFont('bold', join(FONT_DIR, 'DejaVuSans-Bold.ttf'));
    this.doc.font('body').fillColor(INK);
  }

  private get width(): number {
    return this.doc.page.width - 2 * MARGIN;
  }

  private ensureRoom(height: number): void {
    if (this.doc.y + height > this.doc.page.height - MARGIN) this.doc.addPage();
  }

  title(text: string, subtitle?: string): this {
    this.doc.font('bold').fontSize(20).fillColor(INK).text(text, { width: this.width });
    if (subtitle)
      this.doc.moveDown(0.3).font('body').fontSize(10).fillColor(MUTED).text(subtitle, { width: this.width });
    this.doc.moveDown(1).fillColor(INK);
    return this;
  }

  heading(text: string): this {
    this.ensureRoom(60);
    this.doc
      .moveDown(0.6)
      .font('bold')
      .fontSize(13)
      .fillColor(ACCENT)
      .text(text, MARGIN, this.doc.y, { width: this.width });
    this.doc.moveDown(0.4).font('body').fillColor(INK);
    return this;
  }

  paragraph(text: string, opts: { muted?: boolean; size?: number } = {}): this {
    this.doc
      .font('body')
      .fontSize(opts.size ?? 10)
      .fillColor(opts.muted ? MUTED : INK)
      .text(text, MARGIN, this.doc.y, { width: this.width });
    this.doc.moveDown(0.4).fillColor(INK);
    return this;
  }

  /** Key figures side by side: a big number and a caption each. */
  figures(items: readonly { value: string; caption: string }[]): this {
    this.ensureRoom(60);
    const top = this.doc.y;
    const w = this.width / Math.max(items.length, 1);
    items.forEach((item, i) => {
      const x = MARGIN + i * w;
      this.doc
        .font('bold')
        .fontSize(22)
        .fillColor(INK)
        .text(item.value, x, top, { width: w - 8 });
      this.doc
        .font('body')
        .fontSize(9)
        .fillColor(MUTED)
        .text(item.caption, x, top + 28, { width: w - 8 });
    });
    this.doc.x = MARGIN;
    this.doc.y = top + 56;
    this.doc.fillColor(INK);
    return this;
  }

  /** Horizontal bars on a 0–100 scale, each with its value written out and a target tick. */
  bars(items: readonly Bar[], legend: { value: string; target: string }): this {
    const labelW = 190;
    const barW = this.width - labelW - 50;
    for (const item of items) {
      this.doc.font('body').fontSize(9);
      const rowH = Math.max(18, this.doc.heightOfString(item.label, { width: labelW - 8 }) + 6);
      this.ensureRoom(rowH);
      const y = this.doc.y;
      const barY = y + (rowH - 14) / 2;
      this.doc.fillColor(INK).text(item.label, MARGIN, y + 2, { width: labelW - 8 });
      this.doc.rect(MARGIN + labelW, barY + 2, barW, 10).fill('#e8ecf0');
      if (item.value !== null)
        this.doc.rect(MARGIN + labelW, barY + 2, (barW * item.value) / 100, 10).fill(ACCENT);
      if (item.target !== null && item.target !== undefined) {
        const x = MARGIN + labelW + (barW * item.target) / 100;
        this.doc
          .moveTo(x, barY)
          .lineTo(x, barY + 14)
          .lineWidth(1.5)
          .stroke(INK);
      }
      this.doc
        .fillColor(INK)
        .fontSize(9)
        .text(item.value === null ? '—' : `${item.value}`, MARGIN + labelW + barW + 6, barY + 2, {
          width: 44,
          lineBreak: false,
        });
      this.doc.x = MARGIN;
      this.doc.y = y + rowH;
    }
    if (legend.target)
      this.doc
        .fontSize(8)
        .fillColor(MUTED)
        .text(`■ ${legend.value}    | ${legend.target}`, MARGIN, this.doc.y + 2, { width: this.width });
    this.doc.moveDown(0.6).fillColor(INK);
    return this;
  }

  /** A table whose columns take the given share of the width; the header repeats on each new page. */
  table(columns: readonly { header: string; width: number }[], rows: readonly (readonly string[])[]): this {
    const total = columns.reduce((n, c) => n + c.width, 0);
    const widths = columns.map((c) => (this.width * c.width) / total);
    const drawRow = (cells: readonly string[], bold: boolean) => {
      this.doc.font(bold ? 'bold' : 'body').fontSize(8.5);
      const height =
        Math.max(...cells.map((c, i) => this.doc.heightOfString(c, { width: (widths[i] ?? 40) - 6 }))) + 6;
      if (this.doc.y + height > this.doc.page.height - MARGIN) {
        this.doc.addPage();
        if (!bold)
          drawRow(
            columns.map((c) => c.header),
            true,
          );
        this.doc.font(bold ? 'bold' : 'body').fontSize(8.5);
      }
      const y = this.doc.y;
      let x = MARGIN;
      cells.forEach((cell, i) => {
        this.doc.fillColor(INK).text(cell, x + 3, y + 3, { width: (widths[i] ?? 40) - 6 });
        x += widths[i] ?? 40;
      });
      this.doc
        .moveTo(MARGIN, y + height)
        .lineTo(MARGIN + this.width, y + height)
        .lineWidth(0.5)
        .stroke('#c9d1d9');
      this.doc.x = MARGIN;
      this.doc.y = y + height;
    };
    drawRow(
      columns.map((c) => c.header),
      true,
    );
    for (const row of rows) drawRow(row, false);
    this.doc.moveDown(0.6);
    return this;
  }

  /** Numbers every page ("page 2 of 5" in the caller's words) and returns the finished file. */
  async finish(pageLabel: (page: number, of: number) => string): Promise<Buffer> {
    const range = this.doc.bufferedPageRange();
    for (let i = 0; i < range.count; i++) {
      this.doc.switchToPage(range.start + i);
      // The footer sits in the bottom margin; without this, pdfkit would start a new page for it.
      this.doc.page.margins.bottom = 0;
      this.doc
        .font('body')
        .fontSize(8)
        .fillColor(MUTED)
        .text(pageLabel(i + 1, range.count), MARGIN, this.doc.page.height - MARGIN + 16, {
          width: this.width,
          align: 'right',
          lineBreak: false,
        });
    }
    const chunks: Buffer[] = [];
    this.doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    const done = new Promise<void>((resolve) => this.doc.on('end', resolve));
    this.doc.end();
    await done;
    return Buffer.concat(chunks);
  }
}
