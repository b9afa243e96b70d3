import type { Locale, Role } from '../modules/identity/index.js';

/**
 * What each demo council writes in its own language (Arvenia in Spanish, Belmora in French, Corvia in English):
 * the names of its people, provinces and elections, and the words of its assessments. A Spanish-speaking
 * administrator trying the demo meets a Spanish council, not English placeholders.
 */
export interface CouncilWords {
  /** The six demo accounts' people, by the local part of their e-mail address. */
  readonly people: Readonly<
    Record<'admin' | 'security' | 'analyst' | 'trainer' | 'staff' | 'viewer', string>
  >;
  readonly units: readonly string[];
  /** The unit the head office sits in. */
  readonly capital: string;
  readonly elections: { readonly general: string; readonly presidential: string; readonly local: string };
  readonly assessments: {
    readonly baseline: string;
    readonly current: string;
    readonly scope: string;
    readonly notApplicable: string;
    readonly compensating: string;
    readonly evidenceHeld: string;
  };
}

export const COUNCIL_ROLES: readonly [keyof CouncilWords['people'], Role][] = [
  ['admin', 'org_admin'],
  ['security', 'security_lead'],
  ['analyst', 'analyst'],
  ['trainer', 'trainer'],
  ['staff', 'staff'],
  ['viewer', 'viewer'],
];

export const COUNCIL_WORDS: Readonly<Record<Locale, CouncilWords>> = {
  es: {
    people: {
      admin: 'Carmen Salazar',
      security: 'Jorge Villacís',
      analyst: 'Ana Lucía Torres',
      trainer: 'Luis Cabrera',
      staff: 'Marta Ibáñez',
      viewer: 'Pedro Alvarado',
    },
    units: ['Provincia del Norte', 'Provincia Costera', 'Distrito Capital', 'Provincia de la Sierra'],
    capital: 'Distrito Capital',
    elections: {
      general: 'Elecciones generales {year}',
      presidential: 'Elección presidencial {year}',
      local: 'Elecciones municipales',
    },
    assessments: {
      baseline: 'Línea de base — ciclo electoral anterior',
      current: 'Antes de las próximas elecciones generales',
      scope:
        'Registro de electores, transmisión de resultados, sitios web públicos y red de la sede central.',
      notApplicable: 'No existe un servicio público de consulta del padrón.',
      compensating: 'Las computadoras de escrutinio están aisladas de la red y las revisan dos funcionarios.',
      evidenceHeld: 'La Dirección de Informática conserva la evidencia.',
    },
  },
  fr: {
    people: {
      admin: 'Aminata Diallo',
      security: 'Jean-Marc Kouassi',
      analyst: 'Fatou Sow',
      trainer: 'Ibrahim Traoré',
      staff: 'Mariam Koné',
      viewer: 'Paul Yao',
    },
    units: ['Province du Nord', 'Province du Sud', 'District de la capitale'],
    capital: 'District de la capitale',
    elections: {
      general: 'Élections générales {year}',
      presidential: 'Élection présidentielle {year}',
      local: 'Élections municipales',
    },
    assessments: {
      baseline: 'Référence — cycle électoral précédent',
      current: 'Avant la prochaine élection présidentielle',
      scope: 'Inscription des électeurs, transmission des résultats, sites web publics et réseau du siège.',
      notApplicable: 'Il n’existe pas de service public de consultation des listes électorales.',
      compensating: 'Les ordinateurs de compilation sont isolés du réseau et contrôlés par deux agents.',
      evidenceHeld: 'La direction informatique conserve les pièces justificatives.',
    },
  },
  en: {
    people: {
      admin: 'Grace Mensah',
      security: 'Daniel Owusu',
      analyst: 'Abena Boateng',
      trainer: 'Kwame Asante',
      staff: 'Ruth Adjei',
      viewer: 'Samuel Tetteh',
    },
    units: ['Eastern Region', 'Western Region', 'Central Region'],
    capital: 'Central Region',
    elections: {
      general: 'General election {year}',
      presidential: 'Presidential election {year}',
      local: 'Local elections',
    },
    assessments: {
      baseline: 'Baseline — previous election cycle',
      current: 'Before the coming general election',
      scope: 'Voter registration, results transmission, public websites and the head office network.',
      notApplicable: 'There is no public voter look-up service.',
      compensating: 'Tabulation laptops are air-gapped and checked by two officers.',
      evidenceHeld: 'Evidence held by the IT unit.',
    },
  },
};
