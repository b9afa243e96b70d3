import MarkdownIt from 'markdown-it';

// Raw HTML in what people write is shown as text, never interpreted; links are limited to http(s), mailto,
// in-page anchors and our own paths.
const markdown = new MarkdownIt({ html: false, linkify: false, typographer: false });
markdown.validateLink = (url) => /^(https?:|mailto:|#|\/)/i.test(url.trim());

/**
 * Renders Markdown written by people (lessons, playbooks, advisories) to HTML safely: no raw HTML, no script
 * or data links. `headingOffset` moves headings down under a page's own.
 */
export function renderMarkdown(source: string, opts: { headingOffset?: number } = {}): string {
  const html = markdown.render(source);
  const offset = opts.headingOffset ?? 0;
  return offset === 0
    ? html
    : html.replace(
        /<(\/?)h([1-6])>/g,
        (_m, close: string, level: string) => `<${close}h${Math.min(6, Number(level) + offset)}>`,
      );
}
