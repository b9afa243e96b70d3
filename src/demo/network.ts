import { createHash } from 'node:crypto';
import { systemActor } from '../platform/actor.js';
import type { TravelClock } from '../platform/clock.js';
import type { OrgId, Role } from '../modules/identity/index.js';
import type { Services } from '../runtime.js';
import { seedNetworkLibrary } from './network-library.js';
import { must } from './util.js';

/** A member organisation of the demo network, and the language its people write in. */
export interface DemoMember {
  readonly orgId: OrgId;
  readonly code: 'xa' | 'xb' | 'xc';
}

type Tlp = 'clear' | 'green' | 'amber' | 'amber+strict' | 'red';
type Code = DemoMember['code'];

/** A day `days` before today at `hour` UTC, as the API takes timestamps. */
function daysAgo(today: Date, days: number, hour = 9): string {
  return new Date(
    Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), today.getUTCDate() - days, hour, 15),
  ).toISOString();
}

/** A repeatable SHA-256 for a fictional file, so the demo's hashes look like the real thing. */
const sha256 = (name: string) => createHash('sha256').update(`atalaya-demo:${name}`).digest('hex');

/**
 * The demo network's last month, each member writing in its own language (Arvenia in Spanish, Belmora in
 * French, Corvia in English): incidents of every kind the networks see before an election, the indicators they
 * shared (two of which correlate across members), sightings, and objects under each TLP level, so every screen
 * and every reader shows something real and different. All values are fictional (the `.example` domains and the
 * documentation address blocks of RFC 5737).
 */
export async function seedNetwork(
  services: Services,
  q: { networkId: string; members: readonly DemoMember[]; clock?: TravelClock | undefined },
): Promise<void> {
  const today = services.clock.now();
  /** Sets the clock (when the seed may) to a moment of the month, so what is shared then carries that time. */
  const at = (days: number, hour: number) => q.clock?.travel(new Date(daysAgo(today, days, hour)));
  const orgOf = (code: Code): OrgId => {
    const found = q.members.find((m) => m.code === code);
    if (!found) throw new Error(`demo data: no network member ${code}`);
    return found.orgId;
  };
  const callerOf = (code: Code, role: Role = 'security_lead') => ({
    scope: {
      networkId: q.networkId,
      orgId: orgOf(code),
      networkRole: code === 'xa' ? ('coordinator' as const) : ('member' as const),
      role,
      orgType: 'emb' as const,
    },
    actor: systemActor('seed'),
  });
  const { incidents, indicators, alertSettings } = services.network;

  // The seed shares a month of work in a minute: members hear of it on screen, not by a hundred e-mails.
  for (const m of q.members)
    must(
      await alertSettings.save({
        caller: callerOf(m.code, 'org_admin'),
        settings: { minSeverity: 'medium', indicators: true, email: false },
      }),
      'alert settings',
    );

  const incident = async (
    code: Code,
    fields: {
      title: string;
      description: string;
      category: 'phishing' | 'account_compromise' | 'ddos' | 'defacement' | 'data_leak' | 'disinformation';
      severity: 'low' | 'medium' | 'high' | 'critical';
      status: 'open' | 'contained' | 'resolved' | 'closed';
      processes: (
        'voter_registration' | 'candidate_registration' | 'results' | 'website' | 'communications'
      )[];
      detected: number;
      systems: string[];
      actions: string;
      lessons?: string;
      timeline: [number, string][];
      tlp: Tlp;
      recipients?: Code[];
      /** Hours from detection to sharing with the network. */
      sharedAfter: number;
    },
  ) => {
    at(fields.detected, 9 + fields.sharedAfter);
    return must(
      await incidents.report({
        caller: callerOf(code),
        fields: {
          title: fields.title,
          description: fields.description,
          category: fields.category,
          severity: fields.severity,
          status: fields.status,
          processes: fields.processes,
          detectedAt: daysAgo(today, fields.detected),
          affectedSystems: fields.systems,
          actionsTaken: fields.actions,
          lessons: fields.lessons ?? '',
          timeline: fields.timeline.map(([days, text]) => ({ at: daysAgo(today, days, 14), text })),
          lang: LANG[code],
          tlp: fields.tlp,
          ...(fields.recipients && { recipients: fields.recipients.map(orgOf) }),
        },
      }),
      `incident ${fields.title}`,
    );
  };

  const indicator = async (
    code: Code,
    fields: {
      kind: 'ipv4' | 'domain' | 'url' | 'email' | 'sha256';
      value: string;
      name: string;
      description: string;
      confidence: number;
      tlp: Tlp;
      recipients?: Code[];
    },
  ) =>
    must(
      await indicators.share({
        caller: callerOf(code, 'analyst'),
        fields: {
          observable: { kind: fields.kind, value: fields.value },
          name: fields.name,
          description: fields.description,
          confidence: fields.confidence,
          lang: LANG[code],
          acceptWarnings: false,
          tlp: fields.tlp,
          ...(fields.recipients && { recipients: fields.recipients.map(orgOf) }),
        },
      }),
      `indicator ${fields.value}`,
    );

  const sighting = async (
    code: Code,
    indicatorId: string,
    s: { count: number; from: number; to: number; where: string },
  ) => {
    at(s.to, 19);
    return must(
      await indicators.sight({
        caller: callerOf(code, 'analyst'),
        indicatorId,
        fields: {
          count: s.count,
          firstSeen: daysAgo(today, s.from, 8),
          lastSeen: daysAgo(today, s.to, 18),
          where: s.where,
          tlp: 'green',
        },
      }),
      'sighting',
    );
  };

  // The coordinator lists the members' official domains as benign first, as a network's set-up does.
  for (const [value, note] of [
    ['cne-arvenia.example', 'Consejo Nacional Electoral de Arvenia'],
    ['elections-belmora.example', 'Commission électorale nationale de Belmora'],
    ['corvia-iec.example', 'Corvia Independent Electoral Commission'],
  ] as const)
    must(
      await services.network.warnings.add({
        caller: callerOf('xa'),
        entry: { list: 'official_domains', kind: 'domain', value, note },
      }),
      `warning entry ${value}`,
    );

  // Week 1: a phishing wave against registration staff in Arvenia, and the domain behind it.
  const phishing = await incident('xa', {
    title: 'Campaña de phishing contra el personal de registro electoral',
    description:
      'Correos que suplantan a la Dirección de Registro piden a los operadores provinciales «validar» sus credenciales en un dominio parecido al oficial.',
    category: 'phishing',
    severity: 'high',
    status: 'contained',
    processes: ['voter_registration'],
    detected: 29,
    sharedAfter: 3,
    systems: ['Correo institucional', 'Portal de registro de electores'],
    actions:
      'Bloqueo del dominio en la pasarela de correo, restablecimiento de contraseñas de 14 cuentas, aviso a todas las provincias.',
    lessons:
      'Activar la verificación en dos pasos para todo el personal de registro antes de la apertura del padrón.',
    timeline: [
      [29, 'Primer informe de un operador de la Provincia del Norte.'],
      [28, 'Dominio bloqueado y cuentas afectadas restablecidas.'],
      [25, 'Sin nuevos intentos en 72 horas; incidente contenido.'],
    ],
    tlp: 'green',
  });
  const phishDomain = await indicator('xa', {
    kind: 'domain',
    value: 'registro-arvenia-validacion.example',
    name: 'Dominio de phishing que imita al registro electoral',
    description: 'Aloja una copia del portal de acceso del registro.',
    confidence: 90,
    tlp: 'green',
  });
  const phishSender = await indicator('xa', {
    kind: 'email',
    value: 'direccion.registro@arvenia-cne.example',
    name: 'Remitente de la campaña de phishing',
    description: 'Dirección de envío de los correos fraudulentos.',
    confidence: 85,
    tlp: 'green',
  });

  // Week 2: Belmora sees the same kit, and a DDoS on Corvia's voter look-up from a range others know.
  await incident('xb', {
    title: 'Hameçonnage ciblant les agents d’inscription des provinces',
    description:
      'Le même modèle de courriel qu’en Arvenia, traduit en français, vise les agents d’inscription de la Province du Nord.',
    category: 'phishing',
    severity: 'medium',
    status: 'resolved',
    processes: ['voter_registration'],
    detected: 22,
    sharedAfter: 5,
    systems: ['Messagerie de la Commission'],
    actions: 'Domaine bloqué grâce à l’indicateur partagé par Arvenia ; sensibilisation des agents.',
    lessons:
      'Les indicateurs partagés par le réseau ont évité toute compromission : les intégrer chaque jour.',
    timeline: [
      [22, 'Trois agents signalent un courriel suspect.'],
      [21, 'Correspondance avec l’indicateur d’Arvenia ; domaine bloqué.'],
    ],
    tlp: 'green',
  });
  const belmoraDomain = await indicator('xb', {
    kind: 'domain',
    value: 'registro-arvenia-validacion.example',
    name: 'Domaine d’hameçonnage vu en Belmora',
    description: 'Même domaine que celui signalé par Arvenia.',
    confidence: 80,
    tlp: 'green',
  });
  await sighting('xb', phishDomain.id, {
    count: 37,
    from: 22,
    to: 20,
    where: 'Passerelle de messagerie, Province du Nord',
  });
  await sighting('xc', phishSender.id, { count: 4, from: 19, to: 19, where: 'Staff mail filter' });
  const ddosRange = await indicator('xc', {
    kind: 'ipv4',
    value: '198.51.100.0/24',
    name: 'Source range of the DDoS on the voter look-up',
    description: 'Most of the flood came from this block; rate limiting by range worked.',
    confidence: 70,
    tlp: 'green',
  });
  await incident('xc', {
    title: 'DDoS against the online voter look-up',
    description:
      'A volumetric attack made the “Where do I vote?” service unavailable for 40 minutes on the evening of the registration deadline.',
    category: 'ddos',
    severity: 'critical',
    status: 'resolved',
    processes: ['voter_registration', 'website'],
    detected: 17,
    sharedAfter: 1,
    systems: ['Voter look-up service', 'Main website'],
    actions:
      'CDN protection switched to “under attack” mode; rate limits per source range; SMS look-up promoted.',
    lessons: 'Keep an SMS fallback for voter look-up and rehearse the CDN switch before each deadline.',
    timeline: [
      [17, '19:02 service unreachable; 19:20 CDN mode switched; 19:42 service restored.'],
      [15, 'Post-incident review with the hosting provider.'],
    ],
    tlp: 'green',
  });
  await indicator('xa', {
    kind: 'ipv4',
    value: '198.51.100.23',
    name: 'Escaneo de puertos contra el portal de resultados',
    description: 'Dirección que escaneó el portal de resultados durante dos noches.',
    confidence: 60,
    tlp: 'green',
  });

  // Week 3: disinformation, an account take-over and a leak told only to those who need it.
  await incident('xb', {
    title: 'Fausse annonce de report de l’élection sur les réseaux sociaux',
    description:
      'Une image imitant le logo de la Commission annonce le report de l’élection présidentielle ; elle est partagée 12 000 fois en une journée.',
    category: 'disinformation',
    severity: 'high',
    status: 'open',
    processes: ['communications'],
    detected: 12,
    sharedAfter: 6,
    systems: ['Réseaux sociaux officiels'],
    actions: 'Démenti publié ; signalement à la plateforme ; point presse du porte-parole.',
    timeline: [
      [12, 'Première publication repérée par la cellule de veille.'],
      [11, 'Démenti publié et signalement à la plateforme.'],
    ],
    tlp: 'clear',
  });
  await indicator('xb', {
    kind: 'url',
    value: 'https://share.social-platform.example/p/report-election-belmora',
    name: 'Publication d’origine de la fausse annonce',
    description: 'Premier compte à avoir publié l’image.',
    confidence: 75,
    tlp: 'green',
  });
  await incident('xc', {
    title: 'Commissioner’s social media account taken over',
    description:
      'The official account of a commissioner posted links to a fake results page after a password reuse; recovered within two hours.',
    category: 'account_compromise',
    severity: 'high',
    status: 'closed',
    processes: ['communications'],
    detected: 9,
    sharedAfter: 4,
    systems: ['Commissioner’s official account'],
    actions: 'Account recovered with the platform’s election support channel; posts removed; 2FA enforced.',
    lessons: 'Enrol every official account in the platform’s protection programme before the campaign.',
    timeline: [[9, 'Account recovered and posts removed.']],
    tlp: 'amber',
  });
  const leak = await incident('xa', {
    title: 'Extracto del padrón publicado en un foro',
    description:
      'Un archivo con 2.300 registros del padrón de la Provincia Costera aparece en un foro. Se investiga el origen.',
    category: 'data_leak',
    severity: 'critical',
    status: 'open',
    processes: ['voter_registration'],
    detected: 6,
    sharedAfter: 8,
    systems: ['Padrón electoral (copia provincial)'],
    actions: 'Solicitud de retirada al foro; auditoría de accesos a las copias provinciales.',
    timeline: [[6, 'Aviso de un periodista; verificación de la muestra.']],
    tlp: 'red',
    recipients: ['xc'],
  });
  await indicator('xa', {
    kind: 'sha256',
    value: sha256('padron-costera.xlsx'),
    name: 'Archivo filtrado del padrón (hash)',
    description: 'Hash del archivo publicado en el foro.',
    confidence: 95,
    tlp: 'amber',
    recipients: ['xc'],
  });
  await indicator('xb', {
    kind: 'ipv4',
    value: '192.0.2.44',
    name: 'Adresse interne de test (ne pas partager)',
    description: 'Poste de l’équipe d’audit ; conservé pour la corrélation interne.',
    confidence: 30,
    tlp: 'amber+strict',
  });

  // This week: a defacement attempt and the scan range seen again.
  await incident('xc', {
    title: 'Defacement attempt on a regional results page',
    description:
      'An outdated CMS plugin on the Western Region page was exploited; the change was caught by monitoring.',
    category: 'defacement',
    severity: 'medium',
    status: 'contained',
    processes: ['results', 'website'],
    detected: 3,
    sharedAfter: 2,
    systems: ['Western Region web page'],
    actions: 'Page restored from backup; plugin removed; all regional pages scanned.',
    timeline: [[3, 'Monitoring alert at 02:14; page restored at 02:40.']],
    tlp: 'green',
  });
  await sighting('xb', ddosRange.id, {
    count: 1200,
    from: 2,
    to: 1,
    where: 'Site de la Commission (pare-feu applicatif)',
  });
  await sighting('xa', belmoraDomain.id, {
    count: 3,
    from: 1,
    to: 1,
    where: 'Filtro de correo, Distrito Capital',
  });
  at(1, 10);
  await seedNetworkLibrary(services, {
    callerOf: (code) => callerOf(code),
    phishingIncident: phishing.id,
    phishingDomain: phishDomain.id,
    leakIncident: leak.id,
  });
  q.clock?.travel(undefined);

  for (const m of q.members)
    must(
      await alertSettings.save({
        caller: callerOf(m.code, 'org_admin'),
        settings: { minSeverity: 'medium', indicators: true, email: true },
      }),
      'alert settings',
    );
}

const LANG: Readonly<Record<Code, 'es' | 'fr' | 'en'>> = { xa: 'es', xb: 'fr', xc: 'en' };
