import { PageSizes, rgb, type PDFDocument, type PDFFont, type PDFPage, type RGB } from 'pdf-lib';

/** Page geometry in points (A4, 12.7 mm margins, a footer line above the bottom one). */
export const PAGE = { width: PageSizes.A4[0], height: PageSizes.A4[1], margin: 36, footer: 22 } as const;
export const CONTENT_WIDTH = PAGE.width - 2 * PAGE.margin;

export const INK = rgb(0.1, 0.1, 0.12);
export const MUTED = rgb(0.38, 0.38, 0.42);
export const RULE = rgb(0.72, 0.72, 0.76);
export const BAND = rgb(0.92, 0.93, 0.95);
export const ACCENT = rgb(0.55, 0.08, 0.1);

export interface TextStyle {
  size: number;
  bold?: boolean;
  color?: RGB;
}

// CJK characters (and full-width punctuation) may break anywhere; other text breaks at spaces.
const TOKENS = /[\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef\u3000-\u303f]|[^\s\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef\u3000-\u303f]+|\s+/g;

/**
 * A flowing layout over pdf-lib pages: a cursor that moves down, wraps text to a width and
 * starts a new page (calling `onNewPage` to repeat headers) when the next block does not fit.
 */
export class PdfFlow {
  page: PDFPage;
  y: number;
  readonly pages: PDFPage[] = [];
  onNewPage: (flow: PdfFlow) => void = () => {};

  constructor(
    readonly doc: PDFDocument,
    readonly fonts: { regular: PDFFont; bold: PDFFont },
  ) {
    this.page = this.addPage();
    this.y = PAGE.height - PAGE.margin;
  }

  private addPage(): PDFPage {
    const page = this.doc.addPage([PAGE.width, PAGE.height]);
    this.pages.push(page);
    return page;
  }

  font(style: TextStyle): PDFFont {
    return style.bold ? this.fonts.bold : this.fonts.regular;
  }

  width(text: string, style: TextStyle): number {
    return this.font(style).widthOfTextAtSize(text, style.size);
  }

  lineHeight(style: TextStyle): number {
    return style.size * 1.35;
  }

  /** Starts a new page when `height` points do not fit above the footer. */
  ensure(height: number): void {
    if (this.y - height >= PAGE.margin + PAGE.footer) return;
    this.page = this.addPage();
    this.y = PAGE.height - PAGE.margin;
    this.onNewPage(this);
  }

  /** `text` broken into lines no wider than `width`. */
  wrap(text: string, style: TextStyle, width: number): string[] {
    const lines: string[] = [];
    for (const paragraph of text.split('\n')) {
      let line = '';
      for (const token of paragraph.match(TOKENS) ?? []) {
        const candidate = line + token;
        if (this.width(candidate, style) <= width) {
          line = candidate;
          continue;
        }
        if (line.trim()) lines.push(line.trimEnd());
        line = /^\s+$/.test(token) ? '' : token;
        // A token wider than the line (a long identifier) is cut where it must be.
        while (this.width(line, style) > width) {
          let cut = line.length - 1;
          while (cut > 1 && this.width(line.slice(0, cut), style) > width) cut--;
          lines.push(line.slice(0, cut));
          line = line.slice(cut);
        }
      }
      lines.push(line.trimEnd());
    }
    return lines;
  }

  /** Draws one line with its baseline `size` below the cursor's top, without moving the cursor. */
  draw(text: string, x: number, top: number, style: TextStyle): void {
    if (!text) return;
    this.page.drawText(text, { x, y: top - style.size, size: style.size, font: this.font(style), color: style.color ?? INK });
  }

  /** Wrapped text at `x` within `width`, moving the cursor down; lines go to the next page as needed. */
  paragraph(text: string, style: TextStyle, x: number = PAGE.margin, width: number = CONTENT_WIDTH): void {
    for (const line of this.wrap(text, style, width)) {
      this.ensure(this.lineHeight(style));
      this.draw(line, x, this.y, style);
      this.y -= this.lineHeight(style);
    }
  }

  /** Height of wrapped text. */
  measure(text: string, style: TextStyle, width: number): number {
    return this.wrap(text, style, width).length * this.lineHeight(style);
  }

  /** Wrapped text in a box at (x, top) without moving the cursor; returns its height. */
  block(text: string, style: TextStyle, x: number, top: number, width: number): number {
    const lines = this.wrap(text, style, width);
    lines.forEach((line, i) => this.draw(line, x, top - i * this.lineHeight(style), style));
    return lines.length * this.lineHeight(style);
  }

  rule(y: number = this.y, color: RGB = RULE, thickness = 0.6): void {
    this.page.drawLine({ start: { x: PAGE.margin, y }, end: { x: PAGE.width - PAGE.margin, y }, thickness, color });
  }

  gap(points: number): void {
    this.y -= points;
  }
}
