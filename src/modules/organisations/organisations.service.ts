import type { Db } from '../../db/client.js';
import { ProblemError } from '../../http/problem.js';
import { recordAudit } from '../audit/audit.service.js';
import type { Actor } from '../../domain/actor.js';
import { notFound } from '../../http/problem.js';
import { areaExists } from '../areas/areas.service.js';
import {
  findOrganisation,
  findOrganisationRow,
  insertOrganisation,
  listOrganisations,
  organisationExists,
  updateOrganisationRow,
} from './organisations.queries.js';

export { findOrganisation, listOrganisations, organisationExists };

/**
 * The organisation, if it has agreed to be named. One that has not is indistinguishable from one
 * that does not exist: every public answer about an organisation goes through here.
 */
export async function requireNamedOrganisation(db: Db, id: string) {
  const organisation = await findOrganisation(db, id);
  if (!organisation?.named) throw notFound(`There is no named organisation with id ${id}.`);
  return organisation;
}

/** The organisation (named or not), or a 404 problem: for admin and its own key. */
export async function requireOrganisation(db: Db, id: string): Promise<void> {
  if (!(await organisationExists(db, id))) throw notFound(`There is no organisation with id ${id}.`);
}
import type { CreateOrganisationBody, UpdateOrganisationBody } from './organisations.schemas.js';

async function checkHomeArea(db: Db, code: string | null | undefined) {
  if (!code || (await areaExists(db, code))) return;
  throw new ProblemError('unprocessable', `There is no area with code ${code}.`, {
    errors: [{ pointer: '/body/homeArea', detail: `there is no area with code ${code}` }],
  });
}

/** Creates an organisation and its audit row together; a taken id is a 409. */
export function createOrganisation(db: Db, body: CreateOrganisationBody, actor: Actor) {
  return db.transaction(async (tx) => {
    if (await organisationExists(tx, body.id)) throw new ProblemError('conflict', `An organisation with id ${body.id} already exists.`);
    await checkHomeArea(tx, body.homeArea);
    await insertOrganisation(tx, {
      id: body.id,
      name: body.name,
      identifiers: body.identifiers ?? [],
      homeAreaCode: body.homeArea ?? null,
      named: body.named,
    });
    await recordAudit(tx, {
      apiKeyId: actor.apiKeyId,
      personId: actor.personId ?? null,
      organisationId: body.id,
      action: 'organisation.create',
      detail: { fields: Object.keys(body).sort() },
      requestId: actor.requestId,
    });
    return (await findOrganisation(tx, body.id))!;
  });
}

/** Applies the fields given; undefined when there is no such organisation. */
export function updateOrganisation(db: Db, id: string, body: UpdateOrganisationBody, actor: Actor) {
  return db.transaction(async (tx) => {
    if (!(await organisationExists(tx, id))) return undefined;
    await checkHomeArea(tx, body.homeArea);
    await updateOrganisationRow(tx, id, {
      name: body.name,
      identifiers: body.identifiers,
      named: body.named,
      ...(body.homeArea === undefined ? {} : { homeAreaCode: body.homeArea }),
    });
    await recordAudit(tx, {
      apiKeyId: actor.apiKeyId,
      personId: actor.personId ?? null,
      organisationId: id,
      action: 'organisation.update',
      detail: { fields: Object.keys(body).sort() },
      requestId: actor.requestId,
    });
    return (await findOrganisation(tx, id))!;
  });
}

/** Whether the organisation is named, for its own people and key; undefined when there is no such organisation. */
export async function findConsent(db: Db, id: string) {
  const row = await findOrganisationRow(db, id);
  return row && { organisation: row.id, named: row.named, appliesFrom: 'next-release' as const, updatedAt: row.updatedAt.toISOString() };
}

/** The organisation's own choice to be named or not, audited; it applies from the next release. */
export function setConsent(db: Db, id: string, named: boolean, actor: Actor) {
  return db.transaction(async (tx) => {
    const before = await findOrganisationRow(tx, id);
    if (!before) return undefined;
    await updateOrganisationRow(tx, id, { named });
    await recordAudit(tx, {
      apiKeyId: actor.apiKeyId,
      personId: actor.personId ?? null,
      organisationId: id,
      action: 'organisation.consent',
      detail: { named, before: before.named },
      requestId: actor.requestId,
    });
    return findConsent(tx, id);
  });
}
