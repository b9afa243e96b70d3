import { createHash } from 'node:crypto';
import { Parser } from 'htmlparser2';

/**
 * What a scan needs to know of a page's HTML, read in one pass: the policies its meta tags set, its scripts
 * (external with their integrity, inline with their hash), the resources it loads (for mixed content) and the
 * links it offers (for the broken-link crawl).
 */
export interface PageFacts {
  readonly title: string;
  /** `<meta http-equiv="content-security-policy">` contents, in order. */
  readonly metaCsp: readonly string[];
  /** The last `<meta name="referrer">` content. */
  readonly metaReferrer: string | undefined;
  readonly scripts: readonly PageScript[];
  /** Sub-resources: what the browser loads with the page, and whether it can run (active) or only shows. */
  readonly resources: readonly { readonly url: string; readonly active: boolean; readonly element: string }[];
  /** `<a href>` and `<area href>` targets as written. */
  readonly links: readonly string[];
}

export type PageScript =
  | {
      readonly kind: 'external';
      readonly src: string;
      readonly integrity: string | null;
      readonly crossorigin: string | null;
    }
  | { readonly kind: 'inline'; readonly sha256: string };

const PASSIVE: Readonly<Record<string, string>> = { img: 'src', audio: 'src', video: 'src', source: 'src' };
const ACTIVE: Readonly<Record<string, string>> = {
  iframe: 'src',
  embed: 'src',
  object: 'data',
  frame: 'src',
};
const ACTIVE_LINKS = new Set(['stylesheet', 'preload', 'modulepreload', 'prefetch']);

/** Reads a page (bounded by the caller: it is given at most the bytes the scan kept). */
export function readPage(html: string): PageFacts {
  const facts = {
    title: '',
    metaCsp: [] as string[],
    metaReferrer: undefined as string | undefined,
    scripts: [] as PageScript[],
    resources: [] as { url: string; active: boolean; element: string }[],
    links: [] as string[],
  };
  let inTitle = false;
  let inline: string[] | null = null;
  const parser = new Parser(
    {
      onopentag(name, attrs) {
        if (name === 'title') inTitle = facts.title === '';
        else if (name === 'meta') {
          const equiv = attrs['http-equiv'];
          const content = attrs['content'];
          if (equiv !== undefined && content !== undefined) {
            if (content && equiv.toLowerCase().trim() === 'content-security-policy')
              facts.metaCsp.push(content);
          } else if (attrs['name']?.toLowerCase().trim() === 'referrer' && content)
            facts.metaReferrer = content;
        } else if (name === 'script') {
          const src = attrs['src'];
          if (src !== undefined && src.trim() !== '') {
            facts.scripts.push({
              kind: 'external',
              src: src.trim(),
              integrity: attrs['integrity'] ?? null,
              crossorigin: attrs['crossorigin'] ?? null,
            });
            facts.resources.push({ url: src.trim(), active: true, element: 'script' });
          } else if (src === undefined) inline = [];
        } else if (name === 'link' && attrs['href']) {
          const rel = (attrs['rel'] ?? '').toLowerCase().split(/\s+/);
          if (rel.some((r) => ACTIVE_LINKS.has(r)))
            facts.resources.push({ url: attrs['href'].trim(), active: true, element: 'link' });
          else if (rel.includes('icon'))
            facts.resources.push({ url: attrs['href'].trim(), active: false, element: 'link' });
        } else if ((name === 'a' || name === 'area') && attrs['href']) facts.links.push(attrs['href'].trim());
        const passive = PASSIVE[name];
        const active = ACTIVE[name];
        if (passive && attrs[passive])
          facts.resources.push({ url: attrs[passive].trim(), active: false, element: name });
        if (active && attrs[active])
          facts.resources.push({ url: attrs[active].trim(), active: true, element: name });
      },
      ontext(text) {
        if (inTitle) facts.title += text;
        if (inline) inline.push(text);
      },
      onclosetag(name) {
        if (name === 'title') inTitle = false;
        if (name === 'script' && inline) {
          facts.scripts.push({
            kind: 'inline',
            sha256: createHash('sha256').update(inline.join('')).digest('base64'),
          });
          inline = null;
        }
      },
    },
    { decodeEntities: true, lowerCaseTags: true, lowerCaseAttributeNames: true },
  );
  parser.write(html);
  parser.end();
  facts.title = facts.title.replaceAll(/\s+/g, ' ').trim();
  return facts;
}
