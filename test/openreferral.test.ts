import type * as Tap from 'tap';
import { readdirSync } from 'node:fs';
import { Problem } from '../src/http/problem.js';
import { hsdsId } from '../src/modules/openreferral/openreferral.hsds.js';
import { HsdsApiInfo, HsdsItem, HsdsPage } from '../src/modules/openreferral/openreferral.schemas.js';
import { forEachDatabase, json } from './helpers/app.js';
import { adminKey, bearer, organisationWithKey } from './helpers/auth.js';
import { schemaErrors, standardValidator } from './helpers/standards.js';

const files = readdirSync(new URL('./fixtures/standards/hsds-3.0/', import.meta.url)).filter((f) => f.endsWith('.json'));
const hsds = standardValidator('hsds-3.0', files, '2020-12');

forEachDatabase(async (t, { app, database }) => {
  const admin = await adminKey(database.db);
  const keys = {
    ballet: await organisationWithKey(app, admin, 'or-ballet'),
    hidden: await organisationWithKey(app, admin, 'or-hidden', false),
    withdrawn: await organisationWithKey(app, admin, 'or-withdrawn'),
  };
  const patch = (id: string, payload: object) =>
    app.inject({ method: 'PATCH', url: `/v1/organisations/${id}`, headers: bearer(admin), payload });
  t.equal((await patch('or-ballet', { identifiers: ['GB-CHC-1234567'] })).statusCode, 200);
  const submit = async (id: keyof typeof keys, activity: string, area: string) => {
    const res = await app.inject({
      method: 'POST',
      url: `/v1/organisations/or-${id}/figures`,
      headers: bearer(keys[id]),
      payload: { figures: [{ activity, area, period: '2025-26', participants: 40 }] },
    });
    t.equal(res.statusCode, 201);
  };
  await submit('ballet', 'ballet', 'E05011385');
  await submit('hidden', 'running', 'E05011385');
  await submit('withdrawn', 'ballet', 'E05011384');
  t.equal((await app.inject({ method: 'POST', url: '/v1/releases', headers: bearer(admin), payload: {} })).statusCode, 201);
  t.equal((await patch('or-withdrawn', { named: false })).statusCode, 200, 'or-withdrawn withdraws its consent after the release');

  const hidden = [
    'or-hidden',
    'or-withdrawn',
    'Group or-hidden',
    'Group or-withdrawn',
    ...['organisation', 'service'].flatMap((k) => [hsdsId(k, 'or-hidden'), hsdsId(k, 'or-withdrawn')]),
  ];
  const assertNoUnnamed = (t: Tap.Test, body: string) =>
    t.same(
      hidden.filter((h) => body.includes(h)),
      [],
      'no unnamed organisation, not even by id',
    );

  t.test('services: each named organisation, valid HSDS, with its activities as OpenActive terms and the areas it serves', async (t) => {
    const res = await app.inject('/v1/openreferral/services');
    const page = json(res, HsdsPage);
    assertNoUnnamed(t, res.body);
    t.match(page, { total_items: 1, total_pages: 1, page_number: 1, size: 1, first_page: true, last_page: true, empty: false });
    const [service] = page.contents;
    t.equal(schemaErrors(hsds('service.json'), service), '');
    t.match(service, {
      id: hsdsId('service', 'or-ballet'),
      organization_id: hsdsId('organisation', 'or-ballet'),
      name: 'Group or-ballet',
      status: 'active',
      service_areas: [{ extent: 'E05011385', uri: 'https://participation.test/v1/areas/E05011385' }],
      attributes: [{ value: 'ballet', taxonomy_term: { code: 'ballet', taxonomy: 'OpenActive Activity List', term_uri: /activity-list/ } }],
    });
    t.equal((service as unknown as { service_areas: unknown[] }).service_areas.length, 1, 'the ward only, not the areas above it');
    t.equal((service as unknown as { attributes: unknown[] }).attributes.length, 1, 'ballet only, not dance above it');
    const one = await app.inject(`/v1/openreferral/services/${hsdsId('service', 'or-ballet')}`);
    t.same(json(one, HsdsItem), service);
  });

  t.test('organizations, taxonomies and taxonomy terms validate against their HSDS schemas', async (t) => {
    const orgs = await app.inject('/v1/openreferral/organizations');
    assertNoUnnamed(t, orgs.body);
    const [org] = json(orgs, HsdsPage).contents;
    t.equal(schemaErrors(hsds('organization.json'), org), '');
    t.match(org, { name: 'Group or-ballet', organization_identifiers: [{ identifier_scheme: 'GB-CHC', identifier: '1234567' }] });
    const taxonomies = json(await app.inject('/v1/openreferral/taxonomies'), HsdsPage).contents;
    for (const x of taxonomies) t.equal(schemaErrors(hsds('taxonomy.json'), x), '');
    t.ok(taxonomies.some((x) => x.name === 'OpenActive Activity List'));
    const termsRes = await app.inject('/v1/openreferral/taxonomy_terms');
    const terms = json(termsRes, HsdsPage).contents;
    for (const x of terms) t.equal(schemaErrors(hsds('taxonomy_term.json'), x), '', String(x.name));
    const codes = terms.map((x) => (x as unknown as { code: string }).code);
    t.ok(codes.includes('ballet'));
    t.notOk(codes.includes('running'), 'an activity only an unnamed organisation reported is not listed');
    t.equal(
      schemaErrors(hsds('organization.json'), { id: 'not-a-uuid', name: 'x', description: 'y' }) === '',
      false,
      'the validator does refuse',
    );
  });

  t.test('an unnamed or withdrawn organisation is a 404 by its id, like one that does not exist', async (t) => {
    for (const url of [
      `/v1/openreferral/organizations/${hsdsId('organisation', 'or-hidden')}`,
      `/v1/openreferral/organizations/${hsdsId('organisation', 'or-withdrawn')}`,
      `/v1/openreferral/services/${hsdsId('service', 'or-withdrawn')}`,
    ]) {
      const res = await app.inject(url);
      t.equal(res.statusCode, 404, url);
      t.equal(json(res, Problem).type, '/problems/not-found');
    }
    t.equal((await app.inject('/v1/openreferral/services/or-ballet')).statusCode, 400, 'an id is a UUID');
  });

  t.test('pages as the Open Referral API does, and says what it is', async (t) => {
    const page = json(await app.inject('/v1/openreferral/taxonomies?page=2&per_page=1'), HsdsPage);
    t.match(page, { total_items: 2, total_pages: 2, page_number: 2, size: 1, first_page: false, last_page: true });
    t.match(json(await app.inject('/v1/openreferral'), HsdsApiInfo), {
      version: '3.0',
      openapi_url: 'https://participation.test/openapi.json',
    });
  });
});
