import { randomUUID } from 'node:crypto';
import http from 'node:http';
import type { Socket } from 'node:net';
import type { ConnectionError, FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { hasZodFastifySchemaValidationErrors, isResponseSerializationError } from 'fastify-type-provider-zod';
import { isDatabaseUnavailable } from '../db/faults.js';
import { databaseError, FOREIGN_KEY_VIOLATION, UNIQUE_VIOLATION } from '../db/errors.js';
import {
  pointerTo,
  PROBLEM_TYPES,
  type ProblemEntry,
  ProblemError,
  type ProblemType,
  problemTypeUri,
  requestTimedOut,
} from '../http/problem.js';

export const PROBLEM_CONTENT_TYPE = 'application/problem+json; charset=utf-8';

/** Seconds a client should wait before retrying when the database is down or overloaded. */
export const UNAVAILABLE_RETRY_AFTER_SECONDS = 5;

function problemDocument(type: ProblemType, detail: string, extensions: Record<string, unknown>) {
  const { status, title } = PROBLEM_TYPES[type];
  return { type: problemTypeUri(type), title, status, detail, ...extensions };
}

export function sendProblem(
  request: FastifyRequest,
  reply: FastifyReply,
  type: ProblemType,
  detail: string,
  extensions: Record<string, unknown> = {},
) {
  return reply
    .code(PROBLEM_TYPES[type].status)
    .type(PROBLEM_CONTENT_TYPE)
    .serializer(JSON.stringify)
    .send(problemDocument(type, detail, { instance: request.url.split('?')[0], requestId: request.id, ...extensions }));
}

function connectionProblem(error: ConnectionError, requestTimeoutMs: number): { type: ProblemType; detail: string } {
  switch (error.code) {
    case 'ERR_HTTP_REQUEST_TIMEOUT':
      return { type: 'request-timeout', detail: requestTimedOut(requestTimeoutMs).detail };
    case 'HPE_HEADER_OVERFLOW':
      return {
        type: 'request-header-fields-too-large',
        detail: `The request headers are larger than the ${http.maxHeaderSize} bytes accepted.`,
      };
    case 'HPE_CHUNK_EXTENSIONS_OVERFLOW':
      return { type: 'payload-too-large', detail: 'The chunk extensions of the request body are too large.' };
    default:
      return { type: 'bad-request', detail: 'The request is not valid HTTP/1.1.' };
  }
}

/**
 * Fastify's `clientErrorHandler`: what Node refuses before a request reaches a route (headers too
 * slow or too large, not HTTP at all) is answered as a problem too, written on the socket itself.
 * There is no route yet, so no `instance`; the request id is new, and logged with the error.
 */
export function answerClientError(this: FastifyInstance, error: ConnectionError, socket: Socket) {
  if (error.code === 'ECONNRESET' || socket.destroyed) return;
  // Node's own handler checks the same: a status line written into an answer already under way would corrupt it.
  const answering = (socket as Socket & { _httpMessage?: http.ServerResponse | null })._httpMessage;
  if (socket.writable && !answering?.headersSent) {
    const { type, detail } = connectionProblem(error, this.server.requestTimeout);
    const { status } = PROBLEM_TYPES[type];
    const requestId = randomUUID();
    const body = JSON.stringify(problemDocument(type, detail, { requestId }));
    socket.write(
      `HTTP/1.1 ${status} ${http.STATUS_CODES[status]}\r\nContent-Type: ${PROBLEM_CONTENT_TYPE}\r\n` +
        `Content-Length: ${Buffer.byteLength(body)}\r\nX-Request-Id: ${requestId}\r\nConnection: close\r\n\r\n${body}`,
    );
    this.log.info({ err: error, requestId, status }, 'connection answered with a problem');
  }
  socket.destroy(error);
}

/**
 * Fastify's `frameworkErrors`: a path it cannot route (bad percent-encoding, an over-long parameter)
 * is refused before any hook runs, so the request id header is set here.
 */
export function answerFrameworkError(error: FastifyError, request: FastifyRequest, reply: FastifyReply) {
  reply.header('x-request-id', request.id);
  switch (error.code) {
    case 'FST_ERR_BAD_URL':
      return sendProblem(request, reply, 'bad-request', 'The path is not valid percent-encoded UTF-8.');
    case 'FST_ERR_MAX_PARAM_LENGTH':
      return sendProblem(
        request,
        reply,
        'uri-too-long',
        `A part of the path is longer than the ${request.server.initialConfig.maxParamLength} characters accepted.`,
      );
    default:
      request.log.error({ err: error }, 'unhandled framework error');
      return sendProblem(request, reply, 'internal', 'Something went wrong on our side. The request id identifies it in our logs.');
  }
}

type ValidationIssue = { instancePath?: string; message?: string; params?: { issue?: { path?: PropertyKey[]; message?: string } } };

function validationEntries(error: FastifyError): ProblemEntry[] {
  const given = (error as { validationContext?: string }).validationContext ?? 'body';
  const context = given === 'querystring' ? 'query' : given;
  return (error.validation as ValidationIssue[]).map((v) => {
    const path = v.params?.issue?.path ?? v.instancePath?.split('/').filter(Boolean) ?? [];
    const pointer = pointerTo(context, ...path.map(String));
    return { pointer, detail: v.params?.issue?.message ?? v.message ?? 'Invalid value' };
  });
}

/** Fastify's own 4xx errors (bad JSON, size limits, media types) mapped onto the catalogue. */
function typeForFastifyError(error: FastifyError): ProblemType | undefined {
  switch (error.statusCode) {
    case 400:
      return 'bad-request';
    case 401:
      return 'unauthorized';
    case 403:
      return 'forbidden';
    case 404:
      return 'not-found';
    case 405:
      return 'method-not-allowed';
    case 406:
      return 'not-acceptable';
    case 408:
      return 'request-timeout';
    case 409:
      return 'conflict';
    case 413:
      return 'payload-too-large';
    case 414:
      return 'uri-too-long';
    case 415:
      return 'unsupported-media-type';
    case 429:
      return 'rate-limited';
    case 431:
      return 'request-header-fields-too-large';
    case 503:
      return 'service-unavailable';
    default:
      return undefined;
  }
}

// Handlers check what they can first; these catch what only the database can see (a race).
const CONSTRAINT_PROBLEMS: Record<string, string> = {
  [UNIQUE_VIOLATION]: 'This conflicts with something that already exists.',
  [FOREIGN_KEY_VIOLATION]: 'This refers to something that does not exist, or is still referred to.',
};

async function problemsPlugin(app: FastifyInstance) {
  app.setErrorHandler((error: FastifyError, request, reply) => {
    if (error instanceof ProblemError) {
      reply.headers(error.headers);
      return sendProblem(request, reply, error.type, error.detail, error.extensions);
    }
    if (hasZodFastifySchemaValidationErrors(error)) {
      const errors = validationEntries(error);
      const detail = errors.map((e) => `${e.pointer}: ${e.detail}`).join('; ');
      return sendProblem(request, reply, 'validation', detail, { errors });
    }
    const constraint = CONSTRAINT_PROBLEMS[databaseError(error)?.code ?? ''];
    if (constraint) return sendProblem(request, reply, 'conflict', constraint);
    const type = error.statusCode && error.statusCode < 500 ? typeForFastifyError(error) : undefined;
    if (type) return sendProblem(request, reply, type, error.message);
    if (error.statusCode === 503 || isDatabaseUnavailable(error)) {
      request.log.warn({ err: error }, 'database unavailable');
      reply.header('retry-after', String(UNAVAILABLE_RETRY_AFTER_SECONDS));
      return sendProblem(request, reply, 'service-unavailable', 'The service is temporarily unavailable; try again shortly.');
    }
    if (isResponseSerializationError(error))
      request.log.error({ err: error, issues: error.cause.issues }, 'response did not match its schema');
    else request.log.error({ err: error }, 'unhandled error');
    return sendProblem(request, reply, 'internal', 'Something went wrong on our side. The request id identifies it in our logs.');
  });

  app.setNotFoundHandler((request, reply) =>
    sendProblem(
      request,
      reply,
      'not-found',
      `No endpoint ${request.method} ${request.url.split('?')[0]}. The API is described at /openapi.json.`,
    ),
  );
}

export default fp(problemsPlugin, { name: 'problems' });
