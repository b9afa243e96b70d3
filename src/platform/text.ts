/**
 * Text as people search and match it: without case or accents ("jose" finds "José", "procedimiento" matches
 * "Procedimiento"); with `wordsOnly`, punctuation and repeated spaces go too ("before_next election" matches
 * "Before the next election"'s key form).
 */
export function folded(s: string, opts: { wordsOnly?: boolean } = {}): string {
  const plain = s.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
  return (opts.wordsOnly ? plain.replace(/[^a-z0-9]+/g, ' ') : plain).trim();
}
