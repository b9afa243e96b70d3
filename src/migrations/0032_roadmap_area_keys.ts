import { sql, type Kysely } from 'kysely';

/**
 * Roadmap: an action's area becomes a key from a closed list (the assessment's cyber domains and the areas
 * missions report on), shown in the reader's language, so "Identity and access" and "Identidad y acceso" are one
 * row of the statistics. Areas written as text are mapped by their English, Spanish or French name; any other
 * text becomes "other" and is kept at the end of the action's description. The words below are this
 * migration's own copy: the list in the code may grow, a migration must not change.
 */
const WORDS: readonly (readonly [string, ...string[]])[] = [
  [
    'governance_risk',
    'governance & risk',
    'governance and risk',
    'gobernanza y riesgo',
    'gouvernance et risques',
  ],
  [
    'voter_registration',
    'voter registration & voter data',
    'voter registration',
    'registro de electores y datos electorales',
    'registro electoral',
    'inscription des électeurs et données électorales',
    'inscription des électeurs',
  ],
  ['results_management', 'results management', 'gestión de resultados', 'gestion des résultats'],
  [
    'websites_communication',
    'election websites & public communication',
    'sitios web electorales y comunicación pública',
    'sites web électoraux et communication publique',
  ],
  ['identity_access', 'identity & access', 'identity and access', 'identidad y acceso', 'identités et accès'],
  [
    'cyber_hygiene',
    'staff cyber-hygiene & training',
    'higiene cibernética y formación del personal',
    'hygiène numérique et formation du personnel',
  ],
  [
    'partners_vendors',
    'donors, partners & vendors',
    'donantes, socios y proveedores',
    'bailleurs, partenaires et fournisseurs',
  ],
  [
    'technology_monitoring',
    'technology baseline & monitoring',
    'monitoring',
    'base tecnológica y monitoreo',
    'socle technique et surveillance',
  ],
  [
    'incident_response',
    'incident response & continuity',
    'respuesta a incidentes y continuidad',
    'réponse aux incidents et continuité',
  ],
  ['legal_framework', 'legal framework', 'marco jurídico', 'marco legal', 'cadre juridique'],
  [
    'election_administration',
    'election administration',
    'administración electoral',
    'administration électorale',
  ],
  ['election_day', 'election day', 'jornada electoral', 'jour du scrutin'],
  ['media', 'media', 'medios', 'médias'],
];

export async function up(db: Kysely<unknown>): Promise<void> {
  const pairs = WORDS.flatMap(([key, ...names]) => [key, ...names].map((name) => sql`(${name}, ${key})`));
  await sql`
    WITH names(name, key) AS (VALUES ${sql.join(pairs)})
    UPDATE roadmap_items i SET
      description = CASE WHEN n.key IS NULL
        THEN left(concat_ws(E'\n\n', nullif(i.description, ''), '(' || i.area || ')'), 10000)
        ELSE i.description END,
      area = coalesce(n.key, 'other')
    FROM roadmap_items j LEFT JOIN names n ON n.name = lower(trim(j.area))
    WHERE j.id = i.id AND i.area <> ''
  `.execute(db);
}
