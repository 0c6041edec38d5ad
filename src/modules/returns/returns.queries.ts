import { sql } from 'drizzle-orm';
import { queryRows, type Db } from '../../db/client.js';

export type PeriodReturnRow = {
  organisation_id: string;
  organisation_name: string;
  named: boolean;
  demo: boolean;
  period: string;
  figures: number;
  first_sent_at: Date | string;
  last_sent_at: Date | string;
};

/**
 * Per organisation and period with current figures: how many, and when their revisions arrived
 * (the first and the latest). One row per organisation and period, so a few thousand at most.
 */
export function listPeriodReturns(db: Db) {
  return queryRows<PeriodReturnRow>(
    db,
    sql`select cf.organisation_id, o.name as organisation_name, o.named, o.is_demo as demo, cf.period,
           count(*)::int as figures, min(first.created_at) as first_sent_at, max(cf.revised_at) as last_sent_at
    from current_figures cf
    join organisations o on o.id = cf.organisation_id
    join lateral (select min(r.created_at) as created_at from figure_revisions r where r.figure_id = cf.figure_id) first on true
    group by cf.organisation_id, o.name, o.named, o.is_demo, cf.period`,
  );
}
