// Types come from the server's door (type-only: nothing of the server is bundled).
export type {
  Assessment,
  AssessmentSummary,
  AnswerRecord,
  AnswerKind,
  Pack,
  Control,
  Domain,
  Tier,
  Effort,
  Results,
  Gap,
  Benchmark,
} from '../../../../src/modules/assessments/index.js';
import type { Gap, Results } from '../../../../src/modules/assessments/index.js';

/** GET …/results. */
export interface ResultsResponse {
  results: Results;
  gaps: Gap[];
  pollingDay: string | null;
  daysToPolling: number | null;
}

/** A pack as the catalogue lists it. */
export interface PackListing {
  id: string;
  version: string;
  title: { en: string; es: string; fr: string };
  builtIn: boolean;
  controls: number;
  domains: number;
}

/** The reader's language as a key of the pack's translated texts. */
export function packLang(language: string): 'en' | 'es' | 'fr' {
  return language === 'es' || language === 'fr' ? language : 'en';
}
