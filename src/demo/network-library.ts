import type { Services } from '../runtime.js';
import { must } from './util.js';

type Caller = Parameters<Services['network']['library']['publishPlaybook']>[0]['caller'];

/**
 * The demo network's shared knowledge: two playbooks (each in its author's language, with translations, one
 * revised once), members' word on how they worked, an advisory from the coordinating council, and a discussion
 * of two incidents — one with a file attached, one under TLP:RED between the two councils it concerns.
 */
export async function seedNetworkLibrary(
  services: Services,
  q: {
    callerOf: (code: 'xa' | 'xb' | 'xc') => Caller;
    phishingIncident: string;
    phishingDomain: string;
    leakIncident: string;
  },
): Promise<void> {
  const { library, comments } = services.network;
  const { callerOf } = q;

  const ddos = {
    title: 'Keeping the voter look-up available under DDoS',
    content: [
      '## Before the deadline',
      '- Put the look-up behind the CDN’s DDoS protection and test the “under attack” switch.',
      '- Agree rate limits per source range with the hosting provider.',
      '- Prepare the SMS look-up and the message that points voters to it.',
      '',
      '## During an attack',
      '1. Switch the CDN to “under attack” mode (one person, named in advance).',
      '2. Rate-limit the worst source ranges; share them with the network as indicators.',
      '3. Promote the SMS look-up on the official accounts.',
      '',
      '## After',
      'Review with the hosting provider within a week; share the lessons with the network.',
    ].join('\n'),
    lang: 'en' as const,
    translations: {
      es: {
        title: 'Mantener disponible la consulta del padrón ante un DDoS',
        content: [
          '## Antes del cierre',
          '- Poner la consulta detrás de la protección DDoS de la CDN y probar el modo «bajo ataque».',
          '- Acordar con el proveedor límites de tráfico por rango de origen.',
          '- Preparar la consulta por SMS y el mensaje que dirige a los electores hacia ella.',
          '',
          '## Durante el ataque',
          '1. Activar el modo «bajo ataque» de la CDN (una persona designada de antemano).',
          '2. Limitar los peores rangos de origen y compartirlos con la red como indicadores.',
          '3. Difundir la consulta por SMS en las cuentas oficiales.',
        ].join('\n'),
      },
      fr: {
        title: 'Garder la consultation des listes électorales disponible sous DDoS',
        content: [
          '## Avant la date limite',
          '- Placer la consultation derrière la protection DDoS du CDN et tester le mode « sous attaque ».',
          '- Convenir avec l’hébergeur de limites de débit par plage d’origine.',
          '- Préparer la consultation par SMS et le message qui y renvoie les électeurs.',
          '',
          '## Pendant l’attaque',
          '1. Passer le CDN en mode « sous attaque » (une personne désignée à l’avance).',
          '2. Limiter les pires plages d’origine et les partager avec le réseau comme indicateurs.',
          '3. Promouvoir la consultation par SMS sur les comptes officiels.',
        ].join('\n'),
      },
    },
    categories: ['ddos' as const],
    changeNote: '',
    tlp: 'green' as const,
  };
  const ddosPlaybook = must(
    await library.publishPlaybook({ caller: callerOf('xc'), fields: ddos }),
    'playbook ddos',
  );
  must(
    await library.revisePlaybook({
      caller: callerOf('xc'),
      playbookId: ddosPlaybook.id,
      fields: {
        ...ddos,
        content: `${ddos.content}\n\nTell the press which service is affected and how voters can still check where they vote.`,
        changeNote: 'Added a line on speaking to the press (after the registration deadline attack)',
      },
    }),
    'playbook ddos revised',
  );

  const phishing = must(
    await library.publishPlaybook({
      caller: callerOf('xa'),
      fields: {
        title: 'Respuesta a campañas de phishing contra el personal electoral',
        content: [
          '## En la primera hora',
          '1. Bloquear el dominio y el remitente en la pasarela de correo.',
          '2. Compartir ambos con la red como indicadores (TLP:GREEN salvo datos personales).',
          '3. Avisar a todas las provincias con una captura del correo.',
          '',
          '## En el primer día',
          '- Restablecer las contraseñas de quien haya hecho clic y revisar sus sesiones.',
          '- Activar la verificación en dos pasos para el personal de registro.',
        ].join('\n'),
        lang: 'es',
        translations: {
          fr: {
            title: 'Réponse aux campagnes d’hameçonnage visant le personnel électoral',
            content: [
              '## Dans la première heure',
              '1. Bloquer le domaine et l’expéditeur sur la passerelle de messagerie.',
              '2. Les partager avec le réseau comme indicateurs (TLP:GREEN sauf données personnelles).',
              '3. Prévenir toutes les provinces avec une capture du courriel.',
            ].join('\n'),
          },
        },
        categories: ['phishing'],
        changeNote: '',
        tlp: 'green',
      },
    }),
    'playbook phishing',
  );
  must(
    await library.giveFeedback({
      caller: callerOf('xb'),
      playbookId: phishing.id,
      fields: {
        verdict: 'agree',
        explanation:
          'Suivi à la lettre lors de la vague d’hameçonnage de la Province du Nord : aucun compte compromis.',
      },
    }),
    'feedback phishing',
  );
  must(
    await library.giveFeedback({
      caller: callerOf('xa'),
      playbookId: ddosPlaybook.id,
      fields: {
        verdict: 'neutral',
        explanation:
          'El modo «bajo ataque» funcionó; la consulta por SMS no estaba lista a tiempo en nuestras provincias.',
      },
    }),
    'feedback ddos',
  );

  must(
    await library.publishAdvisory({
      caller: callerOf('xa'),
      fields: {
        title: 'Aviso: campaña de phishing regional antes del cierre del padrón',
        content: [
          'El mismo kit de phishing se ha visto en Arvenia y Belmora en dos semanas.',
          '',
          '- Bloqueen el dominio compartido por la red en sus pasarelas de correo.',
          '- Recuerden al personal de registro que la Dirección nunca pide credenciales por correo.',
          '- Sigan el protocolo de respuesta a phishing de la biblioteca de la red.',
        ].join('\n'),
        relatedIds: [q.phishingIncident, q.phishingDomain],
        lang: 'es',
        tlp: 'green',
      },
    }),
    'advisory',
  );

  const said = must(
    await comments.comment({
      caller: callerOf('xb'),
      incidentId: q.phishingIncident,
      fields: {
        text: 'Nous avons reçu le même modèle de courriel ; en-têtes joints pour comparaison.',
        lang: 'fr',
      },
    }),
    'comment phishing',
  );
  must(
    await comments.attach({
      caller: callerOf('xb'),
      commentId: said.id,
      filename: 'entetes-courriel-hameconnage.csv',
      mediaType: 'text/csv',
      content: Buffer.from(
        'champ;valeur\nFrom;direccion.registro@arvenia-cne.example\nReceived;mail.relay.example (192.0.2.61)\n',
      ),
    }),
    'attachment',
  );
  must(
    await comments.comment({
      caller: callerOf('xc'),
      incidentId: q.leakIncident,
      fields: {
        text: 'We checked our registers against the hash you shared: no match here. Happy to help review forum takedown requests.',
        lang: 'en',
      },
    }),
    'comment leak',
  );
}
