import peggy from 'peggy';
import { err, ok, type Result } from '../../platform/result.js';
import { STIX_PATTERN_GRAMMAR } from './stix-pattern.grammar.js';

/** A literal in a comparison, typed as the pattern wrote it. */
export type PatternLiteral =
  | { readonly type: 'string'; readonly value: string }
  | { readonly type: 'integer' | 'float'; readonly value: number }
  | { readonly type: 'boolean'; readonly value: boolean }
  | { readonly type: 'binary' | 'hex' | 'timestamp'; readonly value: string }
  | { readonly type: 'set'; readonly values: readonly PatternLiteral[] };

/** `file:hashes.'SHA-256'` is `{ objectType: 'file', steps: [{ property: 'hashes' }, { property: 'SHA-256' }] }`. */
export interface ObjectPath {
  readonly objectType: string;
  readonly steps: readonly ({ readonly property: string } | { readonly index: number | '*' })[];
}

/** What stands inside an observation's brackets. */
export type ComparisonExpression =
  | {
      readonly type: 'comparison';
      readonly path: ObjectPath;
      readonly negated: boolean;
      readonly operator:
        '=' | '!=' | '>' | '<' | '>=' | '<=' | 'IN' | 'LIKE' | 'MATCHES' | 'ISSUBSET' | 'ISSUPERSET';
      readonly value: PatternLiteral;
    }
  | { readonly type: 'exists'; readonly path: ObjectPath }
  | { readonly type: 'and' | 'or'; readonly operands: readonly ComparisonExpression[] };

export type Qualifier =
  | { readonly kind: 'within'; readonly seconds: number }
  | { readonly kind: 'repeats'; readonly times: number }
  | { readonly kind: 'start_stop'; readonly start: string; readonly stop: string };

/** A parsed pattern: observations joined by AND, OR and FOLLOWEDBY, with their qualifiers. */
export type PatternExpression =
  | { readonly type: 'observation'; readonly comparison: ComparisonExpression }
  | {
      readonly type: 'qualified';
      readonly operand: PatternExpression;
      readonly qualifiers: readonly Qualifier[];
    }
  | { readonly type: 'and' | 'or' | 'followedby'; readonly operands: readonly PatternExpression[] };

/** Why a pattern was refused: the parser's message and the character (1-based) where it stopped. */
export interface PatternError {
  readonly message: string;
  readonly column: number;
}

let parser: peggy.Parser | undefined;

/** Patterns parsed lately: an indicator arriving is parsed to validate it, to index it and to correlate it. */
const recent = new Map<string, Result<PatternExpression, PatternError>>();
const RECENT_MAX = 2_000;

/**
 * Parses a STIX 2.1 pattern with the grammar of the specification (§9). The parser is generated from the grammar
 * once per process, on first use (about 130 ms; a parse then takes tens of microseconds), so nothing is generated
 * at build or install time. The last few thousand results are kept (they are immutable), so a TAXII envelope of
 * a hundred indicators is parsed once, not three times.
 */
export function parseStixPattern(text: string): Result<PatternExpression, PatternError> {
  const known = recent.get(text);
  if (known) return known;
  const parsed = parse(text);
  if (recent.size >= RECENT_MAX) recent.delete(recent.keys().next().value as string);
  recent.set(text, parsed);
  return parsed;
}

function parse(text: string): Result<PatternExpression, PatternError> {
  parser ??= peggy.generate(STIX_PATTERN_GRAMMAR);
  try {
    return ok(parser.parse(text) as PatternExpression);
  } catch (error) {
    if (error instanceof parser.SyntaxError)
      return err({ message: error.message, column: error.location.start.column });
    throw error;
  }
}
