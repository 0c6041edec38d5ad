import type { FastifyReply, FastifyRequest } from 'fastify';
import type { FastifyRouteSchemaDef, FastifyValidationResult } from 'fastify/types/schema.js';
import { validatorCompiler, type FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { notFound } from '../../http/problem.js';
import { jsonOrCsv, ok, problems, replyList } from '../../http/responses.js';
import { actorOf, OWN_ORGANISATION } from '../../plugins/auth.js';
import { requireOrganisation } from '../organisations/organisations.service.js';
import { OrganisationParams } from '../organisations/organisations.schemas.js';
import { listCurrentFigures, listFigureHistory } from './figures.queries.js';
import {
  FIGURE_CSV,
  FigureBatch,
  FigureParams,
  IdempotencyHeaders,
  ListFiguresQuery,
  ListSubmissionsQuery,
  OrganisationFigureList,
  SubmissionList,
  SubmissionReceipt,
} from './figures.schemas.js';
import { buildTemplate, listSubmissions, receiveBatch, withdrawFigure, type StoredAnswer } from './figures.service.js';

export const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const WorkbookBytes = z.string().describe('An Excel .xlsx workbook (Office Open XML spreadsheet)');

const tags = ['Figures'];

/**
 * The body is validated row by row in the handler (422 naming every bad row), everything else by
 * the schema (400). So the body schema documents the batch but is not run: on 10,000 figures it
 * would repeat the handler's checks for an eighth of the request's time.
 */
function skipBodyValidation<S>(route: FastifyRouteSchemaDef<S>): FastifyValidationResult {
  if (route.httpPart === 'body') return (data: unknown) => ({ value: data });
  return validatorCompiler(route as unknown as FastifyRouteSchemaDef<z.ZodType>);
}

function rethrowIfInvalid(request: FastifyRequest) {
  if (request.validationError) throw request.validationError;
}

const sendAnswer = (reply: FastifyReply, answer: StoredAnswer) =>
  reply.code(answer.status).header('idempotent-replayed', String(answer.replayed)).send(answer.body);

export const figureRoutes: FastifyPluginAsyncZod = async (app) => {
  const { maxBatchBytes, maxBatchFigures } = app.config;
  // CSV arrives as text; the handler reads it so that a bad row can be reported by its number.
  app.addContentTypeParser('text/csv', { parseAs: 'string', bodyLimit: maxBatchBytes }, (_request, body, done) => done(null, body));
  // A workbook arrives as bytes, within the same body limit; it is checked as a zip before it is parsed.
  app.addContentTypeParser(XLSX, { parseAs: 'buffer', bodyLimit: maxBatchBytes }, (_request, body, done) => done(null, body));

  app.post(
    '/organisations/:id/figures',
    {
      onRequest: app.requireOrganisationOrAdmin('id'),
      bodyLimit: maxBatchBytes,
      attachValidation: true,
      validatorCompiler: skipBodyValidation,
      schema: {
        operationId: 'submitFigures',
        tags,
        security: OWN_ORGANISATION,
        summary: 'Submit a batch of figures',
        description: `All or nothing: either every figure is stored, as one submission, or none is and the 422 lists every bad row. At most ${maxBatchFigures} figures and ${maxBatchBytes} bytes per batch (413 beyond). JSON; CSV with \`Content-Type: text/csv\` and a header row; or an Excel workbook (\`Content-Type: ${XLSX}\`, the raw bytes), read from its Figures sheet or the first sheet with a header row, as \`getFiguresTemplate\` gives it. CSV and workbook errors give the figure number (\`row\`, header = row 0), the row and cell a spreadsheet program shows (\`sheetRow\`, \`cell\`), the column's heading and a sentence in plain words, with suggestions for an unknown activity or area. A workbook that is not an .xlsx (an .xls, encrypted, or any other file) is a 415; one that unpacks to too much, a 413; formulas, merged cells and periods turned into dates are refused in words (formulas are never evaluated). Re-submitting a figure adds a revision; \`withdraw: true\` withdraws one. The receipt says how many figures were new, revised, unchanged and withdrawn.`,
        consumes: ['application/json', 'text/csv', XLSX],
        headers: IdempotencyHeaders,
        params: OrganisationParams,
        body: FigureBatch,
        response: {
          201: ok(SubmissionReceipt, 'Stored (or, with a reused Idempotency-Key, the first answer replayed)'),
          ...problems(401, 403, 404, 409, 413, 415, 422),
        },
      },
    },
    async (request, reply) => {
      rethrowIfInvalid(request);
      const idempotencyKey = request.headers['idempotency-key'];
      return sendAnswer(
        reply,
        await receiveBatch(app.db, {
          organisationId: request.params.id,
          body: request.body,
          idempotencyKey,
          actor: actorOf(request),
          maxFigures: maxBatchFigures,
        }),
      );
    },
  );

  app.get(
    '/organisations/:id/template.xlsx',
    {
      onRequest: app.requireOrganisationOrAdmin('id'),
      schema: {
        operationId: 'getFiguresTemplate',
        tags,
        security: OWN_ORGANISATION,
        summary: "The organisation's spreadsheet template for uploading figures",
        description: `An Excel workbook: an Instructions sheet in plain words, a Figures sheet with the header row (Activity, Area, Period, Participants, Attendances, Sessions, Volunteers) and drop-down lists on its first rows: recent periods, the group's usual activities (the top-level Activity List terms for a group with no figures yet) and its home district's wards as "Name (code)". Filled in and sent as it is to \`submitFigures\`, it is accepted.`,
        params: OrganisationParams,
        response: {
          200: { description: 'The template', content: { [XLSX]: { schema: WorkbookBytes } } },
          ...problems(401, 403, 404),
        },
      },
    },
    async (request, reply) => {
      const workbook = await buildTemplate(app.db, request.params.id, maxBatchFigures);
      return (
        reply
          .type(XLSX)
          .header('cache-control', 'private, no-store')
          .header('content-disposition', `attachment; filename="${request.params.id}-figures.xlsx"`)
          // A Buffer is sent as it is; the cast only quiets the problem+json type of the error responses.
          .send(workbook as unknown as string)
      );
    },
  );

  app.get(
    '/organisations/:id/figures',
    {
      onRequest: app.requireOrganisationOrAdmin('id'),
      schema: {
        operationId: 'listOrganisationFigures',
        tags,
        security: OWN_ORGANISATION,
        summary: "Read back an organisation's exact figures",
        description:
          "Unrounded and unsuppressed, so only for the organisation's own key or an admin key. `history=true` lists every revision, withdrawals included.",
        params: OrganisationParams,
        querystring: ListFiguresQuery,
        response: { 200: jsonOrCsv(OrganisationFigureList, 'A page of figures or revisions'), ...problems(401, 403, 404, 406) },
      },
    },
    async (request, reply) => {
      await requireOrganisation(app.db, request.params.id);
      const { history, limit, offset, period, activity, area } = request.query;
      const list = history === 'true' ? listFigureHistory : listCurrentFigures;
      const { rows, total } = await list(app.db, { organisationId: request.params.id, period, activity, area }, { limit, offset });
      reply.header('cache-control', 'private, no-store');
      return replyList(request, reply, rows, { limit, offset, total }, { filename: `${request.params.id}-figures`, columns: FIGURE_CSV });
    },
  );

  app.delete(
    '/organisations/:id/figures/:figureId',
    {
      onRequest: app.requireOrganisationOrAdmin('id'),
      schema: {
        operationId: 'withdrawFigure',
        tags,
        security: OWN_ORGANISATION,
        summary: 'Withdraw a figure',
        description: 'Records a withdrawal as a new revision; the earlier values stay in the history. The figure leaves the next release.',
        params: FigureParams,
        response: { 200: ok(SubmissionReceipt, 'The withdrawal, stored as a submission of one figure'), ...problems(401, 403, 404, 409) },
      },
    },
    async (request) => {
      const { id, figureId } = request.params;
      const result = await withdrawFigure(app.db, id, figureId, actorOf(request));
      if (!result) throw notFound(`Organisation ${id} has no current figure with id ${figureId}.`);
      return result;
    },
  );

  app.get(
    '/organisations/:id/submissions',
    {
      onRequest: app.requireOrganisationOrAdmin('id'),
      schema: {
        operationId: 'listSubmissions',
        tags,
        security: OWN_ORGANISATION,
        summary: "Who sent an organisation's figures, and when",
        description:
          'Each submission (a batch, an upload, a correction or a withdrawal), newest first, with the person or key that sent it. Join with `GET /v1/organisations/{id}/figures?history=true` on `submissionId`.',
        params: OrganisationParams,
        querystring: ListSubmissionsQuery,
        response: { 200: ok(SubmissionList, 'A page of submissions'), ...problems(401, 403, 404) },
      },
    },
    async (request, reply) => {
      const { limit, offset } = request.query;
      const { rows, total } = await listSubmissions(app.db, request.params.id, { limit, offset });
      reply.header('cache-control', 'private, no-store');
      return { data: rows, page: { limit, offset, total } };
    },
  );
};
