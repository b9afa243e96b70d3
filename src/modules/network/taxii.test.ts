import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '../../platform/ids.js';
import { freshServices } from '../../test/db.js';
import { startApp } from '../../test/http.js';
import { regionalNetwork, signedInAs, taxiiClientOf } from '../../test/network.js';
import type { OrgId, Role } from '../identity/index.js';
import { collectionIdOf } from './taxii.model.js';
import { markingRefOf, TLP_MARKING_DEFINITIONS } from './tlp.js';
import type { Tlp } from './model.js';

let services: Awaited<ReturnType<typeof freshServices>>;
let base: string;
let close: () => Promise<void>;
let net: Awaited<ReturnType<typeof regionalNetwork>>;

beforeAll(async () => {
  services = await freshServices();
  ({ base, close } = await startApp(services));
  net = await regionalNetwork(services);
});
afterAll(async () => {
  await close();
  await services.close();
});

const client = (orgId: OrgId, role?: Role) => taxiiClientOf(services, { base, orgId, ...(role && { role }) });
const root = () => `/taxii2/${net.networkId}`;
const collection = (tlp: Tlp) => `${root()}/collections/${collectionIdOf(net.networkId, tlp)}`;
const MICROSECONDS = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/;

/** A STIX 2.1 indicator of `orgId`, marked `tlp` unless told otherwise. */
function indicator(orgId: string, extra: Record<string, unknown> = {}, tlp: Tlp | null = 'green') {
  return {
    type: 'indicator',
    spec_version: '2.1',
    id: `indicator--${newId()}`,
    created: '2027-03-01T08:00:00.000Z',
    modified: '2027-03-01T08:00:00.000Z',
    created_by_ref: `identity--${orgId}`,
    name: 'Phishing sender',
    pattern: "[email-addr:value = 'notice@commission-elections.example']",
    pattern_type: 'stix',
    valid_from: '2027-03-01T08:00:00Z',
    ...(tlp && { object_marking_refs: [markingRefOf(tlp)] }),
    ...extra,
  };
}

type Envelope = { objects?: { id: string; modified?: string }[]; more?: boolean; next?: string };

describe('TAXII discovery and API roots', () => {
  it('advertises one API root per network of the caller, and challenges anonymous callers in TAXII’s shape', async () => {
    const member = await client(net.members[0]);
    const discovery = await member.request('GET', '/taxii2/');
    expect(discovery.status).toBe(200);
    expect(discovery.headers.get('content-type')).toBe('application/taxii+json;version=2.1');
    expect(discovery.body).toMatchObject({ api_roots: [`${root()}/`], default: `${root()}/` });

    const outsider = await client(net.outsider);
    expect((await outsider.request('GET', '/taxii2/')).body).toMatchObject({ api_roots: [] });
    expect((await outsider.request('GET', `${root()}/`)).status).toBe(404);

    const anonymous = await fetch(`${base}/taxii2/`, { headers: { accept: 'application/taxii+json' } });
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers.get('www-authenticate')).toMatch(/^Basic realm="Atalaya TAXII"/);
    expect(anonymous.headers.get('content-type')).toBe('application/taxii+json;version=2.1');
    expect(await anonymous.json()).toMatchObject({ http_status: '401', error_code: 'unauthenticated' });

    const info = await member.request('GET', `${root()}/`);
    expect(info.body).toMatchObject({
      versions: ['application/taxii+json;version=2.1'],
      max_content_length: 10 * 1024 * 1024,
    });
  });

  it('lists a collection per TLP level, writable only by roles that may share', async () => {
    const analyst = await client(net.members[0]);
    const listed = await analyst.request('GET', `${root()}/collections/`);
    const collections = listed.body['collections'] as { id: string; title: string; can_write: boolean }[];
    expect(collections.map((c) => c.title)).toEqual([
      'TLP:CLEAR — public',
      'TLP:GREEN — the network community',
      'TLP:AMBER — members with a need to know',
      'TLP:AMBER+STRICT — your organisation only',
      'TLP:RED — named recipients only',
    ]);
    expect(collections.every((c) => c.can_write)).toBe(true);
    // The ids do not move: a client configured once keeps pulling the same collection.
    expect(collections[1]?.id).toBe(collectionIdOf(net.networkId, 'green'));

    const viewer = await client(net.members[0], 'viewer');
    const one = await viewer.request('GET', `${collection('green')}/`, undefined, {
      'accept-language': 'fr',
    });
    expect(one.body).toMatchObject({
      can_read: true,
      can_write: false,
      title: 'TLP:GREEN — la communauté du réseau',
    });
    const refused = await viewer.request('POST', `${collection('green')}/objects/`, { objects: [] });
    expect(refused.status).toBe(403);
  });

  it('answers 406 to an Accept it cannot meet, but only after the gate', async () => {
    const member = await client(net.members[0]);
    const json = await member.request('GET', `${root()}/collections/`, undefined, {
      accept: 'application/json',
    });
    expect(json.status).toBe(406);
    expect(json.body).toMatchObject({ http_status: '406', error_code: 'taxii_not_acceptable' });
    const bare = await member.request('GET', `${root()}/collections/`, undefined, {
      accept: 'application/taxii+json',
    });
    expect(bare.status).toBe(200);
    const outsider = await client(net.outsider);
    const hidden = await outsider.request('GET', `${root()}/collections/`, undefined, {
      accept: 'text/html',
    });
    expect(hidden.status).toBe(404);
  });
});

describe('adding and reading objects', () => {
  it('stores an envelope, reports its status to the sender only, and serves it to the members by date added', async () => {
    const [a, b] = net.members;
    const sender = await client(a);
    const first = indicator(a);
    const unmarked = indicator(a, {}, null);
    const posted = await sender.request('POST', `${collection('green')}/objects/`, {
      objects: [first, unmarked, ...TLP_MARKING_DEFINITIONS],
    });
    expect(posted.status).toBe(202);
    expect(posted.body).toMatchObject({
      status: 'complete',
      total_count: 7,
      success_count: 7,
      failure_count: 0,
    });
    const statusId = posted.body['id'] as string;
    expect((await sender.request('GET', `${root()}/status/${statusId}/`)).body).toMatchObject({
      success_count: 7,
    });
    const reader = await client(b);
    expect((await reader.request('GET', `${root()}/status/${statusId}/`)).status).toBe(404);

    const read = await reader.request(
      'GET',
      `${collection('green')}/objects/?match[id]=${first.id},${unmarked.id}`,
    );
    expect(read.status).toBe(200);
    const objects = (read.body as Envelope).objects ?? [];
    expect(objects.map((o) => o.id)).toEqual([first.id, unmarked.id]);
    expect(objects[0]).toEqual(first);
    expect(read.headers.get('x-taxii-date-added-first')).toMatch(MICROSECONDS);
    expect(read.headers.get('x-taxii-date-added-last')).toMatch(MICROSECONDS);

    const manifest = await reader.request('GET', `${collection('green')}/manifest/?match[id]=${first.id}`);
    expect(manifest.body['objects']).toEqual([
      {
        id: first.id,
        date_added: read.headers.get('x-taxii-date-added-first'),
        version: '2027-03-01T08:00:00.000000Z',
        media_type: 'application/stix+json;version=2.1',
      },
    ]);
    // An object is read where its marking puts it, and only there.
    const elsewhere = await reader.request('GET', `${collection('amber')}/objects/${first.id}/`);
    expect(elsewhere.status).toBe(404);
  });

  it('keeps every version: the latest by default, the first, all, and the list of versions', async () => {
    const [a, b] = net.members;
    const sender = await client(a);
    const v1 = indicator(a);
    const v2 = { ...v1, modified: '2027-03-02T08:00:00.000Z', name: 'Phishing sender (confirmed)' };
    await sender.request('POST', `${collection('green')}/objects/`, { objects: [v1] });
    await sender.request('POST', `${collection('green')}/objects/`, { objects: [v2, v1] });
    const reader = await client(b);
    const path = `${collection('green')}/objects/${v1.id}/`;
    const names = async (query: string) =>
      (((await reader.request('GET', `${path}${query}`)).body as Envelope).objects ?? []).map(
        (o) => o.modified,
      );
    expect(await names('')).toEqual([v2.modified]);
    expect(await names('?match[version]=first')).toEqual([v1.modified]);
    expect(await names('?match[version]=all')).toEqual([v1.modified, v2.modified]);
    expect(await names(`?match[version]=${v1.modified}`)).toEqual([v1.modified]);
    const versions = await reader.request('GET', `${path}versions/`);
    expect(versions.body).toEqual({
      versions: ['2027-03-01T08:00:00.000000Z', '2027-03-02T08:00:00.000000Z'],
    });
    expect((await reader.request('GET', `${path}?match[version]=all,last`)).status).toBe(400);
  });

  it('pages with next bound to the query and the caller, and filters by type and date added', async () => {
    const [a, b] = net.members;
    const sender = await client(a);
    const batch = Array.from({ length: 5 }, () => ({
      ...indicator(a),
      type: 'note',
      id: `note--${newId()}`,
      content: 'Seen at the results centre too',
      object_refs: [`indicator--${newId()}`],
      pattern: undefined,
      pattern_type: undefined,
      valid_from: undefined,
      name: undefined,
    }));
    const cleaned = batch.map((o) => JSON.parse(JSON.stringify(o)) as { id: string });
    const posted = await sender.request('POST', `${collection('green')}/objects/`, { objects: cleaned });
    expect(posted.status).toBe(202);
    const reader = await client(b);
    const query = `match[type]=note&match[id]=${cleaned.map((o) => o.id).join(',')}`;
    const seen: string[] = [];
    let page = await reader.request('GET', `${collection('green')}/objects/?${query}&limit=2`);
    for (;;) {
      const envelope = page.body as Envelope;
      seen.push(...(envelope.objects ?? []).map((o) => o.id));
      if (!envelope.more) break;
      expect(envelope.objects).toHaveLength(2);
      const next = encodeURIComponent(envelope.next ?? '');
      // The same token with another query, or in another user's hands, is refused.
      expect(
        (await reader.request('GET', `${collection('green')}/objects/?match[type]=indicator&next=${next}`))
          .status,
      ).toBe(400);
      const other = await client(b);
      expect(
        (await other.request('GET', `${collection('green')}/objects/?${query}&next=${next}`)).status,
      ).toBe(400);
      page = await reader.request('GET', `${collection('green')}/objects/?${query}&limit=2&next=${next}`);
    }
    expect(seen).toEqual(cleaned.map((o) => o.id));

    const last = page.headers.get('x-taxii-date-added-last') ?? '';
    const after = await reader.request('GET', `${collection('green')}/objects/?${query}&added_after=${last}`);
    expect(after.status).toBe(200);
    expect(after.body).toEqual({});
    expect(
      (await reader.request('GET', `${collection('green')}/objects/?added_after=yesterday`)).status,
    ).toBe(400);
  });

  it('shows what was shared on screens in the collections too: one store', async () => {
    const [a, b] = net.members;
    const reporter = await signedInAs(services, { base, orgId: a });
    const shared = await reporter.post(`/api/v1/networks/${net.networkId}/incidents`, {
      title: 'Defacement of the results page',
      category: 'defacement',
      severity: 'critical',
      processes: ['results'],
      detectedAt: '2027-03-01T07:30:00Z',
      tlp: 'amber',
    });
    const id = (shared.body as { id: string }).id;
    const reader = await client(b);
    const read = await reader.request('GET', `${collection('amber')}/objects/${id}/`);
    expect((read.body as Envelope).objects?.[0]).toMatchObject({
      id,
      name: 'Defacement of the results page',
    });
  });
});

describe('TLP over TAXII', () => {
  it('keeps AMBER+STRICT and unnamed RED with the sender, and gives RED to the organisations it names', async () => {
    const [a, b] = net.members;
    const sender = await client(a);
    const strict = indicator(a, {}, 'amber+strict');
    const red = indicator(a, {}, 'red');
    const named = indicator(
      a,
      {
        extensions: {
          'extension-definition--0e151528-9237-4687-9122-6c23c0771956': {
            extension_type: 'property-extension',
            recipients: [`identity--${b}`],
          },
        },
      },
      'red',
    );
    expect(
      (await sender.request('POST', `${collection('amber+strict')}/objects/`, { objects: [strict] })).status,
    ).toBe(202);
    expect(
      (await sender.request('POST', `${collection('red')}/objects/`, { objects: [red, named] })).status,
    ).toBe(202);
    const ids = (r: { body: Record<string, unknown> }) =>
      ((r.body as Envelope).objects ?? []).map((o) => o.id);
    const everything = `match[id]=${[strict.id, red.id, named.id].join(',')}`;

    const reader = await client(b);
    expect(ids(await reader.request('GET', `${collection('amber+strict')}/objects/?${everything}`))).toEqual(
      [],
    );
    expect(ids(await reader.request('GET', `${collection('red')}/objects/?${everything}`))).toEqual([
      named.id,
    ]);
    const third = await client(net.coordinator);
    expect(ids(await third.request('GET', `${collection('red')}/objects/?${everything}`))).toEqual([]);
    expect(ids(await sender.request('GET', `${collection('red')}/objects/?${everything}`))).toEqual([
      red.id,
      named.id,
    ]);
    expect(ids(await sender.request('GET', `${collection('amber+strict')}/objects/?${everything}`))).toEqual([
      strict.id,
    ]);
  });
});

describe('bad input', () => {
  it('refuses a whole envelope when one object breaks a rule, names each, and stores nothing', async () => {
    const [a] = net.members;
    const sender = await client(a);
    const good = indicator(a);
    const cases: [string, unknown, RegExp][] = [
      [
        'malformed STIX',
        { ...indicator(a), modified: '2027-02-01T00:00:00Z' },
        /modified: must not be earlier/,
      ],
      [
        'an unknown marking',
        indicator(a, { object_marking_refs: [`marking-definition--${newId()}`] }),
        /unknown marking/,
      ],
      ['a pattern that does not parse', indicator(a, { pattern: "[ipv4-addr:value = '1.2.3.4'" }), /pattern/],
      ['a stricter marking than the collection', indicator(a, {}, 'amber'), /TLP:AMBER/],
      ['another member as author', indicator(net.members[1]), /another member organisation/],
      [
        'a tampered TLP marking definition',
        { ...TLP_MARKING_DEFINITIONS[1], name: 'TLP:WHATEVER' },
        /exactly as OASIS/,
      ],
    ];
    for (const [, bad, message] of cases) {
      const refused = await sender.request('POST', `${collection('green')}/objects/`, {
        objects: [good, bad],
      });
      expect(refused.status).toBe(422);
      expect(refused.body['description']).toMatch(message);
    }
    const stored = await sender.request('GET', `${collection('green')}/manifest/?match[id]=${good.id}`);
    expect(stored.body).toEqual({});
  });

  it('answers 400, 404, 413 and 415 as the standard says', async () => {
    const [a, b] = net.members;
    const sender = await client(a);
    expect((await sender.request('POST', `${collection('green')}/objects/`, { items: [] })).status).toBe(400);
    expect((await sender.request('POST', `${collection('green')}/objects/`, '{"objects": [')).status).toBe(
      400,
    );
    const unknown = await sender.request('GET', `${root()}/collections/${newId()}/objects/`);
    expect(unknown.status).toBe(404);
    expect(unknown.body).toMatchObject({ error_code: 'taxii_collection_not_found' });
    const json = await sender.request(
      'POST',
      `${collection('green')}/objects/`,
      { objects: [] },
      {
        'content-type': 'application/json',
      },
    );
    expect(json.status).toBe(415);
    const huge = { objects: [indicator(a, { description: 'x'.repeat(11 * 1024 * 1024) })] };
    expect((await sender.request('POST', `${collection('green')}/objects/`, huge)).status).toBe(413);
    // Only the organisation that shared an object adds versions to it or deletes it.
    const mine = indicator(a);
    await sender.request('POST', `${collection('green')}/objects/`, { objects: [mine] });
    const other = await client(b);
    const hijack = { ...mine, created_by_ref: `identity--${b}`, modified: '2027-04-01T00:00:00.000Z' };
    expect(
      (await other.request('POST', `${collection('green')}/objects/`, { objects: [hijack] })).status,
    ).toBe(422);
    expect((await other.request('DELETE', `${collection('green')}/objects/${mine.id}/`)).status).toBe(403);
  });
});

describe('deleting', () => {
  it('deletes one version or all of them, and the newest remaining version becomes the latest again', async () => {
    const [a, b] = net.members;
    const sender = await client(a);
    const v1 = indicator(a);
    const v2 = { ...v1, modified: '2027-03-05T00:00:00.000Z' };
    await sender.request('POST', `${collection('green')}/objects/`, { objects: [v1, v2] });
    const path = `${collection('green')}/objects/${v1.id}/`;
    const deleted = await sender.request('DELETE', `${path}?match[version]=${v2.modified}`);
    expect(deleted.status).toBe(200);
    const reader = await client(b);
    expect(((await reader.request('GET', path)).body as Envelope).objects?.map((o) => o.modified)).toEqual([
      v1.modified,
    ]);
    expect((await sender.request('DELETE', path)).status).toBe(200);
    expect((await reader.request('GET', path)).status).toBe(404);
    expect((await sender.request('DELETE', path)).status).toBe(404);
  });
});
