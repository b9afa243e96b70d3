import { z } from 'zod';
import { GRADES, MODIFIERS, OBSERVATORY_TESTS, type Expectation } from './observatory.js';
import { SECURITY_TXT_PROBLEMS } from './security-txt.js';

/**
 * A scan's report as one schema: the type the scanner fills, what is stored as JSON and parsed back, and what the
 * API answers — so a report read from the database is checked, and a new field is published on purpose.
 */

const EXPECTATIONS = Object.keys(MODIFIERS) as [Expectation, ...Expectation[]];

export const TestOutcomeSchema = z.object({
  result: z.enum(EXPECTATIONS),
  pass: z.boolean(),
  scoreModifier: z.number().int(),
});

export const ObservatorySchema = z.object({
  score: z.number().int(),
  grade: z.enum(GRADES),
  testsPassed: z.number().int(),
  testsFailed: z.number().int(),
  tests: z.object(
    Object.fromEntries(OBSERVATORY_TESTS.map((t) => [t, TestOutcomeSchema])) as Record<
      (typeof OBSERVATORY_TESTS)[number],
      typeof TestOutcomeSchema
    >,
  ),
});

export const TlsSchema = z.object({
  protocol: z.string().nullable(),
  cipher: z.string().nullable(),
  subject: z.string().nullable(),
  issuer: z.string().nullable(),
  validFrom: z.string().nullable(),
  validTo: z.string().nullable(),
  altNames: z.array(z.string()),
  fingerprint256: z.string().nullable(),
  trusted: z.boolean(),
  hostnameMatches: z.boolean(),
  error: z.string().nullable(),
  daysToExpiry: z.number().int().nullable(),
});

export const FAILURE_REASONS = ['refused_address', 'scheme', 'timeout', 'certificate', 'network'] as const;

export const AvailabilitySchema = z.object({
  up: z.boolean(),
  status: z.number().int().nullable(),
  responseMs: z.number().int().nullable(),
  finalUrl: z.string().nullable(),
  redirects: z.array(z.object({ url: z.string(), status: z.number().int() })),
  bytes: z.number().int().nullable(),
  truncated: z.boolean(),
  error: z.object({ reason: z.enum(FAILURE_REASONS), message: z.string() }).nullable(),
});

export const ScanReportSchema = z.object({
  url: z.string(),
  scannedAt: z.string(),
  availability: AvailabilitySchema,
  observatory: ObservatorySchema.nullable(),
  tls: TlsSchema.nullable(),
  cookies: z.array(
    z.object({
      name: z.string(),
      secure: z.boolean(),
      httpOnly: z.boolean(),
      sameSite: z.string().nullable(),
    }),
  ),
  csp: z.object({ header: z.string().nullable(), meta: z.array(z.string()) }),
  scripts: z.object({
    external: z.array(z.object({ src: z.string(), thirdParty: z.boolean(), integrity: z.boolean() })),
    inline: z.number().int(),
  }),
  mixedContent: z.object({ active: z.array(z.string()), passive: z.array(z.string()) }).nullable(),
  securityTxt: z
    .object({
      url: z.string(),
      found: z.boolean(),
      contacts: z.array(z.string()),
      expires: z.string().nullable(),
      signed: z.boolean(),
      problems: z.array(z.enum(SECURITY_TXT_PROBLEMS)),
    })
    .nullable(),
});

export type ScanReport = z.infer<typeof ScanReportSchema>;

/** The availability of a site that gave no answer at all, and why. */
export function unanswered(error: {
  reason: (typeof FAILURE_REASONS)[number];
  message: string;
}): Availability {
  return {
    up: false,
    status: null,
    responseMs: null,
    finalUrl: null,
    redirects: [],
    bytes: null,
    truncated: false,
    error,
  };
}
export type Availability = z.infer<typeof AvailabilitySchema>;
export type TlsReport = z.infer<typeof TlsSchema>;
