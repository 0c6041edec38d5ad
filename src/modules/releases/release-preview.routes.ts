import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { sendCsv, wantsCsv } from '../../http/csv.js';
import { notFound } from '../../http/problem.js';
import { jsonOrCsv, problems, replyAnswer } from '../../http/responses.js';
import { TOTALS_NOTE } from '../../domain/publication.js';
import { ADMIN_ONLY, OWN_ORGANISATION } from '../../plugins/auth.js';
import { findOrganisation } from '../organisations/organisations.service.js';
import { OrganisationParams } from '../organisations/organisations.schemas.js';
import {
  OrganisationPreview,
  OWN_CELL_CSV,
  PreviewReleaseQuery,
  PreviewReleaseRequest,
  previewCsv,
  ReleasePreview,
  toCellChange,
  toOwnCell,
  toReleasePreview,
} from './release-preview.schemas.js';
import { previewOrganisation, previewRelease } from './releases.service.js';

const FOLDED_NOTE =
  'An organisation that has not agreed to be named, or whose own published count would be small enough to point at people, is counted inside "other organisations" and not shown by name.';
const LIVE_NOTE =
  'Worked out now from the current figures by the same steps as the release itself: it changes when figures or consent change, and what is published is fixed only when the release is.';

export const releasePreviewRoutes: FastifyPluginAsyncZod = async (app) => {
  app.post(
    '/releases/preview',
    {
      onRequest: app.requireAdmin,
      // Stores nothing, so the public answers' ETags stay valid.
      config: { changesNothing: true },
      schema: {
        operationId: 'previewRelease',
        tags: ['Releases'],
        security: ADMIN_ONLY,
        summary: 'What publishing now would change against the latest release (admin)',
        description:
          'Builds the next release with the same code as publishing, in a transaction that is rolled back: nothing is stored, and neither a publication nor another preview waits for it. Answers the cells whose published values would change (before and after), organisations named for the first time or no longer, and the counts before and after. Each request builds again: on a large deployment that takes as long as publishing. JSON is paged; CSV (`?format=csv` or `Accept: text/csv`) holds every change.',
        body: PreviewReleaseRequest,
        querystring: PreviewReleaseQuery,
        response: { 200: jsonOrCsv(ReleasePreview, 'The changes the next release would make'), ...problems(401, 403, 406) },
      },
    },
    async (request, reply) => {
      const { limit, offset } = request.query;
      if (wantsCsv(request)) {
        const preview = await previewRelease(app.db, app.config.disclosure);
        const name = `release-preview-${preview.next.id}`;
        return sendCsv(reply, name, previewCsv(preview), preview.changes.map(toCellChange));
      }
      return toReleasePreview(await previewRelease(app.db, app.config.disclosure, { limit, offset }), { limit, offset });
    },
  );

  app.get(
    '/organisations/:id/preview',
    {
      onRequest: app.requireOrganisationOrAdmin('id'),
      schema: {
        operationId: 'previewOrganisation',
        tags: ['Organisations'],
        security: OWN_ORGANISATION,
        summary: 'What the next release would publish about the organisation (own key or admin)',
        description:
          'Each cell (period, area and every area above it, activity and every activity above it) the organisation contributes to: the total as it would be published, whether the organisation is shown by name, suppressed or unnamed (both folded into "other organisations"), its count and share. Built by the release code, restricted to those cells.',
        params: OrganisationParams,
        querystring: PreviewReleaseQuery.pick({ format: true }),
        response: { 200: jsonOrCsv(OrganisationPreview, 'The cells the organisation contributes to'), ...problems(401, 403, 404, 406) },
      },
    },
    async (request, reply) => {
      const organisation = await findOrganisation(app.db, request.params.id);
      if (!organisation) throw notFound(`There is no organisation with id ${request.params.id}.`);
      const preview = await previewOrganisation(app.db, app.config.disclosure, organisation.id);
      const answer = {
        organisation: { id: organisation.id, name: organisation.name, named: organisation.named },
        nextRelease: preview.nextId,
        suppressUpTo: app.config.disclosure.suppressUpTo,
        data: preview.cells.map(toOwnCell),
        notes: [LIVE_NOTE, FOLDED_NOTE, TOTALS_NOTE],
      };
      return replyAnswer(request, reply, answer, { filename: `preview-${organisation.id}`, columns: OWN_CELL_CSV });
    },
  );
};
