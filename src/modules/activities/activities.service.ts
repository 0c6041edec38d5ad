import type { Db } from '../../db/client.js';
import { ProblemError } from '../../http/problem.js';
import { recordAudit } from '../audit/audit.service.js';
import type { Actor } from '../../domain/actor.js';
import { findActivity, findActivityRow, insertLocalActivity, listActivityNames, listExistingActivityIds } from './activities.queries.js';

// Lookups other modules use: whether activities exist, and one activity's own row.
export { findActivityRow, listActivityNames, listExistingActivityIds };
export type { ActivityName } from './activities.queries.js';
import type { CreateActivityBody } from './activities.schemas.js';

/** Adds a local activity under existing parents, with its audit row; a taken id is a 409. */
export function createLocalActivity(db: Db, body: CreateActivityBody, actor: Actor) {
  return db.transaction(async (tx) => {
    const known = await listExistingActivityIds(tx, [body.id, ...body.parents]);
    if (known.has(body.id)) throw new ProblemError('conflict', `An activity with id ${body.id} already exists.`);
    const errors = body.parents.flatMap((parent, i) =>
      known.has(parent) ? [] : [{ pointer: `/body/parents/${i}`, detail: `there is no activity with id ${parent}` }],
    );
    if (errors.length > 0) throw new ProblemError('unprocessable', 'Every parent must be an existing activity.', { errors });
    await insertLocalActivity(tx, { id: body.id, label: body.label, definition: body.definition ?? null, parents: body.parents });
    await recordAudit(tx, {
      apiKeyId: actor.apiKeyId,
      personId: actor.personId ?? null,
      organisationId: null,
      action: 'activity.create',
      detail: { activityId: body.id, parents: body.parents.length },
      requestId: actor.requestId,
    });
    return (await findActivity(tx, body.id))!;
  });
}
