import { z } from 'zod';
import { unwrap } from '../../platform/errors.js';
import { requestLocale, type App } from '../../platform/http.js';
import { renderMarkdown } from '../../platform/markdown.js';
import { networkGatedBy, requireNetworkAccess } from '../identity/index.js';
import { AdvisoryFields, type Advisory } from './advisory.js';
import { AudienceFields } from './audience.js';
import type { LibraryService } from './library.service.js';
import { IncidentCategory, Lang, Tlp } from './model.js';
import { ListQuery, MarkingOut, member, NetworkParams, stixIdOf } from './network.schemas.js';
import { FeedbackFields, PlaybookFields, Verdict, type Playbook } from './playbook.js';

const AdvisoryParams = NetworkParams.extend({ advisoryId: stixIdOf('report') });
const PlaybookParams = NetworkParams.extend({ playbookId: stixIdOf('course-of-action') });
const AdvisoryBody = z.strictObject({ ...AdvisoryFields.shape, ...AudienceFields.shape });
const PlaybookBody = z.strictObject({ ...PlaybookFields.shape, ...AudienceFields.shape });
const Text = z.object({ title: z.string(), content: z.string(), contentHtml: z.string() });
const Translation = Text.extend({
  outdated: z.boolean().describe('The original changed in a version that left this translation as it was'),
});
const html = (content: string) => renderMarkdown(content, { headingOffset: 1 });

/** An advisory as the API sends it: its Markdown, and that Markdown rendered safely for screens. */
function advisoryView(a: Advisory) {
  return { ...a, contentHtml: html(a.content) };
}

/** A playbook as the API sends it, each language's Markdown rendered safely for screens. */
function playbookView(p: Playbook) {
  const translations = Object.fromEntries(
    Object.entries(p.translations).map(([lang, t]) => [lang, { ...t, contentHtml: html(t.content) }]),
  );
  return { ...p, contentHtml: html(p.content), translations };
}

const AdvisoryOut = z.object({
  id: z.string(),
  marking: MarkingOut,
  source: z.string(),
  title: z.string(),
  content: z.string(),
  contentHtml: z.string().describe('The content rendered from Markdown (no raw HTML; http(s) links only)'),
  relatedIds: z.array(z.string()).readonly(),
  lang: z.string().nullable(),
  published: z.string(),
  created: z.string(),
  modified: z.string(),
});
const PlaybookOut = z.object({
  id: z.string(),
  marking: MarkingOut,
  source: z.string(),
  title: z.string(),
  content: z.string(),
  contentHtml: z.string().describe('The content rendered from Markdown (no raw HTML; http(s) links only)'),
  lang: z.string().nullable(),
  translations: z.object({
    en: Translation.optional(),
    es: Translation.optional(),
    fr: Translation.optional(),
  }),
  categories: z.array(IncidentCategory).readonly(),
  changeNote: z.string(),
  created: z.string(),
  modified: z.string(),
});
const FeedbackOut = z.object({
  id: z.string(),
  marking: MarkingOut,
  playbookId: z.string(),
  orgId: z.string().nullable(),
  verdict: Verdict,
  explanation: z.string(),
  created: z.string(),
  modified: z.string(),
});
const FoundOut = z.object({
  kind: z.enum(['incident', 'indicator', 'advisory', 'playbook']),
  id: z.string(),
  title: z.string(),
  excerpt: z.string(),
  tlp: Tlp,
  modified: z.string(),
});
const tags = ['network'];
const coordinatorWrite = { need: 'coordinator', level: 'write' } as const;

/** Routes for advisories, the playbook library with members' feedback, and search across the network. */
export function libraryRoutes(app: App, deps: { library: LibraryService }): void {
  const { library } = deps;

  app.get(
    '/api/v1/networks/:networkId/advisories',
    {
      schema: {
        tags,
        summary: 'Advisories from the network’s coordinators that the organisation may see, newest first',
        params: NetworkParams,
        querystring: ListQuery,
        response: { 200: z.object({ advisories: z.array(AdvisoryOut) }) },
      },
    },
    async (request) => {
      const caller = requireNetworkAccess(request, member(request.params.networkId, 'read'));
      return { advisories: (await library.advisories({ caller, ...request.query })).map(advisoryView) };
    },
  );

  app.post(
    '/api/v1/networks/:networkId/advisories',
    {
      ...networkGatedBy(coordinatorWrite),
      schema: {
        tags,
        summary: 'Publish an advisory to the network (coordinators): a STIX report; every reader is alerted',
        params: NetworkParams,
        body: AdvisoryBody,
        response: { 201: AdvisoryOut },
      },
    },
    async (request, reply) => {
      const caller = requireNetworkAccess(request, {
        networkId: request.params.networkId,
        ...coordinatorWrite,
      });
      return reply
        .status(201)
        .send(advisoryView(unwrap(await library.publishAdvisory({ caller, fields: request.body }))));
    },
  );

  app.get(
    '/api/v1/networks/:networkId/advisories/:advisoryId',
    {
      schema: {
        tags,
        summary: 'One advisory, with the title of each incident and indicator it is about',
        params: AdvisoryParams,
        response: { 200: AdvisoryOut.extend({ related: z.array(FoundOut) }) },
      },
    },
    async (request) => {
      const caller = requireNetworkAccess(request, member(request.params.networkId, 'read'));
      const { advisory, related } = unwrap(
        await library.advisory({
          caller,
          advisoryId: request.params.advisoryId,
          lang: requestLocale(request),
        }),
      );
      return { ...advisoryView(advisory), related };
    },
  );

  app.put(
    '/api/v1/networks/:networkId/advisories/:advisoryId',
    {
      ...networkGatedBy(coordinatorWrite),
      schema: {
        tags,
        summary: 'Revise an advisory your organisation published (a new STIX version)',
        params: AdvisoryParams,
        body: AdvisoryBody,
        response: { 200: AdvisoryOut },
      },
    },
    async (request) => {
      const caller = requireNetworkAccess(request, {
        networkId: request.params.networkId,
        ...coordinatorWrite,
      });
      return advisoryView(
        unwrap(
          await library.reviseAdvisory({
            caller,
            advisoryId: request.params.advisoryId,
            fields: request.body,
          }),
        ),
      );
    },
  );

  app.get(
    '/api/v1/networks/:networkId/playbooks',
    {
      schema: {
        tags,
        summary: 'The library of playbooks and strategies the organisation may see, latest change first',
        params: NetworkParams,
        querystring: ListQuery,
        response: { 200: z.object({ playbooks: z.array(PlaybookOut) }) },
      },
    },
    async (request) => {
      const caller = requireNetworkAccess(request, member(request.params.networkId, 'read'));
      return { playbooks: (await library.playbooks({ caller, ...request.query })).map(playbookView) };
    },
  );

  app.post(
    '/api/v1/networks/:networkId/playbooks',
    {
      schema: {
        tags,
        summary: 'Share a playbook or strategy (Markdown, with translations): a STIX course of action',
        params: NetworkParams,
        body: PlaybookBody,
        response: { 201: PlaybookOut },
      },
    },
    async (request, reply) => {
      const caller = requireNetworkAccess(request, member(request.params.networkId, 'write'));
      return reply
        .status(201)
        .send(playbookView(unwrap(await library.publishPlaybook({ caller, fields: request.body }))));
    },
  );

  app.get(
    '/api/v1/networks/:networkId/playbooks/:playbookId',
    {
      schema: {
        tags,
        summary: 'A playbook with its earlier versions and members’ feedback',
        params: PlaybookParams,
        response: {
          200: z.object({
            playbook: PlaybookOut,
            versions: z.array(PlaybookOut),
            feedback: z.array(FeedbackOut),
          }),
        },
      },
    },
    async (request) => {
      const caller = requireNetworkAccess(request, member(request.params.networkId, 'read'));
      const { playbook, versions, feedback } = unwrap(
        await library.playbook({ caller, playbookId: request.params.playbookId }),
      );
      return { playbook: playbookView(playbook), versions: versions.map(playbookView), feedback };
    },
  );

  app.put(
    '/api/v1/networks/:networkId/playbooks/:playbookId',
    {
      schema: {
        tags,
        summary: 'Revise a playbook your organisation wrote (a new version; earlier ones stay readable)',
        params: PlaybookParams,
        body: PlaybookBody,
        response: { 200: PlaybookOut },
      },
    },
    async (request) => {
      const caller = requireNetworkAccess(request, member(request.params.networkId, 'write'));
      return playbookView(
        unwrap(
          await library.revisePlaybook({
            caller,
            playbookId: request.params.playbookId,
            fields: request.body,
          }),
        ),
      );
    },
  );

  app.post(
    '/api/v1/networks/:networkId/playbooks/:playbookId/feedback',
    {
      schema: {
        tags,
        summary:
          '“This worked for us”: say how another member’s playbook worked for your organisation (a STIX opinion; saying it again revises it)',
        params: PlaybookParams,
        body: z.strictObject(FeedbackFields.shape),
        response: { 201: FeedbackOut },
      },
    },
    async (request, reply) => {
      const caller = requireNetworkAccess(request, member(request.params.networkId, 'write'));
      const given = await library.giveFeedback({
        caller,
        playbookId: request.params.playbookId,
        fields: request.body,
      });
      return reply.status(201).send(unwrap(given));
    },
  );

  app.get(
    '/api/v1/networks/:networkId/search',
    {
      schema: {
        tags,
        summary:
          'Search incidents, indicators, advisories and playbooks the organisation may see (full text; words stemmed in the reader’s language, en/es/fr)',
        params: NetworkParams,
        querystring: z.strictObject({
          q: z.string().trim().min(1).max(200),
          lang: Lang.optional(),
          limit: z.coerce.number().int().min(1).max(100).default(30),
        }),
        response: { 200: z.object({ results: z.array(FoundOut) }) },
      },
    },
    async (request) => {
      const caller = requireNetworkAccess(request, member(request.params.networkId, 'read'));
      const { q, limit } = request.query;
      return { results: await library.search({ caller, q, limit, lang: requestLocale(request) }) };
    },
  );
}
