import { finished, PassThrough } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import { requestTimedOut } from './problem.js';

const hasBody = (headers: Record<string, unknown>) =>
  headers['transfer-encoding'] !== undefined || (headers['content-length'] !== undefined && headers['content-length'] !== '0');

const BODYLESS_METHODS = new Set(['GET', 'HEAD', 'TRACE']);

const ignore = () => {};

/**
 * Node enforces its request timeout while headers arrive but not, in practice, once they are in:
 * with a 30 s timeout a stalled body was dropped unanswered by the 75 s idle timeout, and one
 * trickled a byte at a time got its 408 after 81 to 90 s. So the body gets what is left of
 * `timeoutMs`, counted from the moment the headers were read, and a late one fails with a 408
 * problem through the error handler.
 */
export function limitBodyTime(app: FastifyInstance, timeoutMs: number) {
  app.addHook('preParsing', async (request, reply, payload) => {
    if (BODYLESS_METHODS.has(request.method) || !hasBody(request.headers)) return payload;
    const bounded = new PassThrough();
    // The timer may fire while nobody reads `bounded`; an unheard 'error' would end the process.
    bounded.on('error', ignore);
    const expire = () => {
      if (reply.sent) request.raw.socket?.destroy();
      else bounded.destroy(requestTimedOut(timeoutMs));
    };
    const timer = setTimeout(expire, Math.max(0, timeoutMs - reply.elapsedTime));
    finished(payload, (error) => {
      clearTimeout(timer);
      if (error) bounded.destroy(error);
    });
    // Fastify sends some answers (415, an unknown route) without reading the body; the rest of it is
    // drained, as Node does when nothing reads it, so that a keep-alive connection can carry on.
    reply.raw.once('finish', () => {
      if (payload.readableEnded) return;
      payload.unpipe(bounded);
      payload.resume();
    });
    return payload.pipe(bounded);
  });
}
