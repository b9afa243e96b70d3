import { z } from 'zod';
import { Lang } from './model.js';
import type { Marking } from './tlp.js';
import { ObservableKind, observablePattern, patternObservables, type Observable } from './observables.js';
import type { StixBody, StoredObject } from './objects.store.js';
import { ATALAYA_EXTENSION, commonProperties } from './stix.js';
import { parseStixPattern, type PatternExpression } from './stix-pattern.js';

/** What a member says about an indicator besides its value: how far to trust it, until when, and why. */
export const IndicatorDetails = z.object({
  name: z.string().trim().max(300).optional(),
  description: z.string().trim().max(10_000).default(''),
  confidence: z.number().int().min(0).max(100).default(50),
  validUntil: z.iso.datetime({ offset: true }).optional(),
  killChainPhase: z
    .object({
      killChainName: z.string().trim().min(1).max(100),
      phaseName: z.string().trim().min(1).max(100),
    })
    .optional(),
  lang: Lang.optional(),
  /** Share even though the value is on a warning list (a likely false positive), having been told so. */
  acceptWarnings: z.boolean().default(false),
});

/** The value of an indicator: a typed observable, checked and written canonically. */
export const ObservableValue = z.object({ kind: ObservableKind, value: z.string().trim().min(1).max(2048) });

/** The value of an indicator given as a STIX 2.1 pattern, checked by the pattern parser. */
export const PatternValue = z.string().trim().min(3).max(10_000);

/** An indicator as shared: a typed observable or a STIX pattern, never both. */
export type IndicatorFields = z.infer<typeof IndicatorDetails> &
  (
    | { observable: z.infer<typeof ObservableValue>; pattern?: undefined }
    | { pattern: string; observable?: undefined }
  );

/** An indicator as members read it. */
export interface Indicator {
  readonly id: string;
  readonly marking: Marking;
  readonly source: string;
  readonly name: string;
  readonly description: string;
  readonly pattern: string;
  readonly observables: readonly Observable[];
  readonly confidence: number | null;
  readonly validFrom: string;
  readonly validUntil: string | null;
  readonly killChainPhases: readonly { killChainName: string; phaseName: string }[];
  readonly revoked: boolean;
  readonly created: string;
  readonly modified: string;
}

const IndicatorBody = z.looseObject({
  name: z.string().optional().catch(undefined),
  description: z.string().catch(''),
  pattern: z.string(),
  valid_from: z.string(),
  valid_until: z.string().optional().catch(undefined),
  confidence: z.number().optional().catch(undefined),
  kill_chain_phases: z.array(z.object({ kill_chain_name: z.string(), phase_name: z.string() })).catch([]),
  created: z.string(),
  modified: z.string(),
});

/** Reads a stored indicator, with the observables its pattern names. */
export function indicatorOf(stored: StoredObject): Indicator {
  const body = IndicatorBody.parse(stored.body);
  const parsed = parseStixPattern(body.pattern);
  const observables = parsed.ok ? patternObservables(parsed.value) : [];
  return {
    id: stored.stixId,
    marking: stored.marking,
    source: stored.source,
    name: body.name ?? body.pattern,
    description: body.description,
    pattern: body.pattern,
    observables,
    confidence: body.confidence ?? null,
    validFrom: body.valid_from,
    validUntil: body.valid_until ?? null,
    killChainPhases: body.kill_chain_phases.map((p) => ({
      killChainName: p.kill_chain_name,
      phaseName: p.phase_name,
    })),
    revoked: stored.revoked,
    created: body.created,
    modified: body.modified,
  };
}

/** The pattern an indicator carries and the observables it names, from what the member gave. */
export function indicatorPattern(
  fields: IndicatorFields,
  observable: Observable | undefined,
  parsed: PatternExpression | undefined,
): { pattern: string; observables: Observable[] } {
  if (observable) return { pattern: observablePattern(observable), observables: [observable] };
  return { pattern: fields.pattern ?? '', observables: parsed ? patternObservables(parsed) : [] };
}

/** One version of an indicator as a STIX 2.1 indicator (pattern type `stix`). */
export function indicatorToStix(q: {
  id: string;
  created: string;
  modified: string;
  orgId: string;
  marking: Marking;
  fields: IndicatorFields;
  pattern: string;
  observable: Observable | undefined;
}): StixBody {
  const { fields } = q;
  return {
    ...commonProperties({ ...q, type: 'indicator', tlp: q.marking.tlp, lang: fields.lang }),
    name: fields.name || q.observable?.value || q.pattern.slice(0, 300),
    ...(fields.description && { description: fields.description }),
    pattern: q.pattern,
    pattern_type: 'stix',
    pattern_version: '2.1',
    valid_from: q.created,
    ...(fields.validUntil && { valid_until: new Date(fields.validUntil).toISOString() }),
    confidence: fields.confidence,
    ...(fields.killChainPhase && {
      kill_chain_phases: [
        { kill_chain_name: fields.killChainPhase.killChainName, phase_name: fields.killChainPhase.phaseName },
      ],
    }),
    ...(q.observable && {
      extensions: {
        [ATALAYA_EXTENSION]: { extension_type: 'property-extension', observable: q.observable },
      },
    }),
  };
}
