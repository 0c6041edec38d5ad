import type { Db } from '../../db/client.js';
import type { Actor } from '../../domain/actor.js';
import { recordAudit } from '../audit/audit.service.js';
import { recordSubmission } from '../figures/figures.service.js';
import { listDemoFigures, unnameDemoOrganisations } from './demo.queries.js';

export type DemoRemoval = { organisations: number; figures: number };

/**
 * Withdraws every current figure of every demonstration organisation, in one transaction: from
 * the next release on nothing of the demo is published, and that release is not a demo release.
 * History stays (figures are append-only; a withdrawal is a revision), earlier releases never
 * change, and the organisations stay, no longer named. Running it again removes nothing.
 */
export function removeDemoData(db: Db, actor: Actor): Promise<DemoRemoval> {
  return db.transaction(async (tx) => {
    const figures = await listDemoFigures(tx);
    const byOrganisation = new Map<string, typeof figures>();
    for (const f of figures) byOrganisation.set(f.organisation_id, [...(byOrganisation.get(f.organisation_id) ?? []), f]);
    for (const [organisationId, rows] of byOrganisation) {
      // Nested: a savepoint inside this transaction, with the submission's own audit row.
      await recordSubmission(tx, {
        organisationId,
        apiKeyId: actor.apiKeyId,
        requestId: actor.requestId,
        format: 'withdrawal',
        figures: rows.map((f) => ({ activity: f.activity_id, area: f.area_code, period: f.period, participants: null, withdrawn: true })),
      });
    }
    const unnamed = await unnameDemoOrganisations(tx);
    const removal = { organisations: byOrganisation.size, figures: figures.length };
    await recordAudit(tx, {
      apiKeyId: actor.apiKeyId,
      action: 'demo.remove',
      detail: { ...removal, unnamed },
      requestId: actor.requestId,
    });
    return removal;
  });
}
