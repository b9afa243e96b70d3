import { z } from 'zod';
import type { SupportedLocale } from '../../platform/i18n/index.js';
import { folded } from '../../platform/text.js';
import type { Horizon, Instrument } from './model.js';

type Words = Readonly<Record<SupportedLocale, string>>;

/**
 * The areas a roadmap action belongs to: a closed list, stored as keys and shown in the reader's language, so
 * statistics by area never split by the language of whoever wrote the action. The cyber-preparedness domains of
 * the assessment come first, then the areas election observation missions report on.
 */
export const AREA_WORDS = {
  governance_risk: { en: 'Governance & risk', es: 'Gobernanza y riesgo', fr: 'Gouvernance et risques' },
  voter_registration: {
    en: 'Voter registration & voter data',
    es: 'Registro de electores y datos electorales',
    fr: 'Inscription des électeurs et données électorales',
  },
  results_management: { en: 'Results management', es: 'Gestión de resultados', fr: 'Gestion des résultats' },
  websites_communication: {
    en: 'Election websites & public communication',
    es: 'Sitios web electorales y comunicación pública',
    fr: 'Sites web électoraux et communication publique',
  },
  identity_access: { en: 'Identity & access', es: 'Identidad y acceso', fr: 'Identités et accès' },
  cyber_hygiene: {
    en: 'Staff cyber-hygiene & training',
    es: 'Higiene cibernética y formación del personal',
    fr: 'Hygiène numérique et formation du personnel',
  },
  partners_vendors: {
    en: 'Donors, partners & vendors',
    es: 'Donantes, socios y proveedores',
    fr: 'Bailleurs, partenaires et fournisseurs',
  },
  technology_monitoring: {
    en: 'Technology baseline & monitoring',
    es: 'Base tecnológica y monitoreo',
    fr: 'Socle technique et surveillance',
  },
  incident_response: {
    en: 'Incident response & continuity',
    es: 'Respuesta a incidentes y continuidad',
    fr: 'Réponse aux incidents et continuité',
  },
  legal_framework: { en: 'Legal framework', es: 'Marco jurídico', fr: 'Cadre juridique' },
  election_administration: {
    en: 'Election administration',
    es: 'Administración electoral',
    fr: 'Administration électorale',
  },
  candidate_registration: {
    en: 'Candidate and party registration',
    es: 'Registro de candidaturas y partidos',
    fr: 'Enregistrement des candidats et des partis',
  },
  campaign_finance: {
    en: 'Campaign and political finance',
    es: 'Campaña y financiación política',
    fr: 'Campagne et financement politique',
  },
  media: {
    en: 'Media and information integrity',
    es: 'Medios e integridad de la información',
    fr: 'Médias et intégrité de l’information',
  },
  voter_education: { en: 'Voter education', es: 'Educación electoral', fr: 'Éducation des électeurs' },
  election_day: { en: 'Election day', es: 'Jornada electoral', fr: 'Jour du scrutin' },
  electoral_justice: { en: 'Complaints and appeals', es: 'Quejas y recursos', fr: 'Plaintes et recours' },
  participation: {
    en: 'Participation of women and minorities',
    es: 'Participación de mujeres y minorías',
    fr: 'Participation des femmes et des minorités',
  },
  observation: { en: 'Observation', es: 'Observación', fr: 'Observation' },
  data_protection: { en: 'Data protection', es: 'Protección de datos', fr: 'Protection des données' },
  other: { en: 'Other', es: 'Otra', fr: 'Autre' },
} as const satisfies Record<string, Words>;

export type Area = keyof typeof AREA_WORDS;
export const AREAS = Object.keys(AREA_WORDS) as [Area, ...Area[]];
/** An area key, or '' for an action filed under none. */
export const AreaKey = z.enum(['', ...AREAS]);

/** An area in the reader's language ('' for none; an unknown key as it is). */
export function areaName(key: string, locale: SupportedLocale): string {
  return key in AREA_WORDS ? AREA_WORDS[key as Area][locale] : key;
}

/** The words for the other closed lists an import file may spell in its reader's language. */
export const INSTRUMENT_WORDS: Readonly<Record<Instrument, Words>> = {
  law: { en: 'Law', es: 'Ley', fr: 'Loi' },
  regulation: { en: 'Regulation', es: 'Reglamento', fr: 'Règlement' },
  procedure: { en: 'Procedure', es: 'Procedimiento', fr: 'Procédure' },
  practice: { en: 'Practice', es: 'Práctica', fr: 'Pratique' },
  resourcing: { en: 'Resourcing', es: 'Recursos', fr: 'Ressources' },
};
export const HORIZON_WORDS: Readonly<Record<Horizon, Words>> = {
  before_next_election: {
    en: 'Before the next election',
    es: 'Antes de la próxima elección',
    fr: 'Avant la prochaine élection',
  },
  medium: { en: 'Medium term', es: 'Medio plazo', fr: 'Moyen terme' },
  long: { en: 'Long term', es: 'Largo plazo', fr: 'Long terme' },
};

/** Text as compared with a list's words: no case, accents, punctuation or repeated spaces. */
const normalised = (s: string) => folded(s, { wordsOnly: true });

/**
 * The key a cell names, in any of the three languages or as the key itself ("Procedimiento", "procedure",
 * "before next election" all count); undefined when it names none.
 */
export function keyNamed<K extends string>(value: string, words: Readonly<Record<K, Words>>): K | undefined {
  const wanted = normalised(value);
  return (Object.keys(words) as K[]).find(
    (key) =>
      normalised(key) === wanted || Object.values<string>(words[key]).some((w) => normalised(w) === wanted),
  );
}

export const areaNamed = (value: string) => keyNamed(value, AREA_WORDS);
export const instrumentNamed = (value: string) => keyNamed(value, INSTRUMENT_WORDS);
export const horizonNamed = (value: string) => keyNamed(value, HORIZON_WORDS);
