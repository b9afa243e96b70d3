import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';

/** Text in each language the product speaks. */
export const Localized = z.strictObject({
  en: z.string().trim().min(1).max(2000),
  es: z.string().trim().min(1).max(2000),
  fr: z.string().trim().min(1).max(2000),
});
export type Localized = z.infer<typeof Localized>;

export const CSF_FUNCTIONS = ['GV', 'ID', 'PR', 'DE', 'RS', 'RC'] as const;
export const CsfFunction = z.enum(CSF_FUNCTIONS);
export type CsfFunction = z.infer<typeof CsfFunction>;

/** Election phase a control matters for: pre-election, election period, post-election, continuous. */
export const PHASE_TAGS = ['PRE', 'ED', 'POST', 'CONT'] as const;
export const PhaseTag = z.enum(PHASE_TAGS);
export type PhaseTag = z.infer<typeof PhaseTag>;

export const EFFORTS = ['S', 'M', 'L'] as const;
export const Effort = z.enum(EFFORTS);
export type Effort = z.infer<typeof Effort>;

export const TIERS = ['A', 'B', 'C'] as const;
export const Tier = z.enum(TIERS);
export type Tier = z.infer<typeof Tier>;

const Score = z.number().int().min(0).max(4);
const ControlId = z.string().regex(/^[A-Z]{2,6}-\d{2,3}$/, 'a control id looks like GOV-01');

export const Control = z.strictObject({
  id: ControlId,
  csf: CsfFunction,
  phase: PhaseTag,
  essential: z.boolean(),
  weight: z.number().int().min(1).max(3),
  effort: Effort,
  leadTimeDays: z.number().int().min(0).max(1000),
  /** Controls that compensate when this one cannot be in place before polling day. */
  fallback: z.array(ControlId).max(5),
  /** Needs money or outside expertise: belongs on the donor-fundable list. */
  fundable: z.boolean(),
  dependsOn: z.array(ControlId).max(5).optional(),
  text: Localized,
});
export type Control = z.infer<typeof Control>;

export const Domain = z.strictObject({
  id: z.string().regex(/^[A-Z]{2,6}$/),
  weight: z.number().min(0.1).max(5),
  title: Localized,
  controls: z.array(Control).min(1).max(100),
});
export type Domain = z.infer<typeof Domain>;

const PackShape = z.strictObject({
  format: z.literal('atalaya.assessment-pack/1'),
  id: z.string().regex(/^[a-z0-9][a-z0-9-]{1,62}$/),
  version: z.string().regex(/^\d+\.\d+\.\d+$/, 'a version looks like 1.0.0'),
  published: z.iso.date(),
  title: Localized,
  description: Localized,
  provenance: Localized,
  scale: z.array(z.strictObject({ score: Score, label: Localized, meaning: Localized })).length(5),
  tiers: z.strictObject({
    A: z.strictObject({ essential: Score, other: Score }),
    B: z.strictObject({ essential: Score, other: Score }),
    C: z.strictObject({ essential: Score, other: Score }),
  }),
  domains: z.array(Domain).min(1).max(30),
});

/**
 * A content pack: a versioned, translated framework of domains and controls. The shape is checked, and so
 * is what a shape cannot say: ids are unique, and fallback and dependency links point at controls in the pack.
 */
export const Pack = PackShape.superRefine((pack, ctx) => {
  const ids = new Set<string>();
  for (const domain of pack.domains)
    for (const control of domain.controls) {
      if (ids.has(control.id))
        ctx.addIssue({ code: 'custom', message: `control ${control.id} appears twice` });
      ids.add(control.id);
    }
  const domainIds = new Set(pack.domains.map((d) => d.id));
  if (domainIds.size !== pack.domains.length)
    ctx.addIssue({ code: 'custom', message: 'domain ids must be unique' });
  for (const domain of pack.domains)
    for (const control of domain.controls)
      for (const link of [...control.fallback, ...(control.dependsOn ?? [])])
        if (!ids.has(link))
          ctx.addIssue({ code: 'custom', message: `${control.id} links to unknown control ${link}` });
  if (pack.scale.some((s, i) => s.score !== i))
    ctx.addIssue({ code: 'custom', message: 'the scale lists scores 0 to 4 in order' });
});
export type Pack = z.infer<typeof Pack>;

/** Every control of a pack, with its domain, in pack order. */
export function controlsOf(pack: Pack): { control: Control; domain: Domain }[] {
  return pack.domains.flatMap((domain) => domain.controls.map((control) => ({ control, domain })));
}

/** The folder of built-in assessment packs shipped with Atalaya. */
export const BUILT_IN_PACK_DIR = join(import.meta.dirname, '..', '..', '..', 'content', 'assessments');

/** Reads and validates every built-in pack; a broken file is a bug and stops the start with its name. */
export function loadBuiltInPacks(dir = BUILT_IN_PACK_DIR): Pack[] {
  return readdirSync(dir)
    .filter((name) => name.endsWith('.json'))
    .sort()
    .map((name) => {
      const parsed = Pack.safeParse(JSON.parse(readFileSync(join(dir, name), 'utf8')));
      if (!parsed.success) throw new Error(`content/assessments/${name}: ${z.prettifyError(parsed.error)}`);
      return parsed.data;
    });
}
