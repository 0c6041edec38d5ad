// Every problem `type` URI (`/problems/<slug>`) resolves to a short HTML page saying what the
// problem means and what to do: RFC 9457 asks that a type URI, when dereferenced, explain it.
// Hidden from the OpenAPI document, like the page: these are documentation, not API operations.
import type { FastifyPluginAsync, FastifyReply } from 'fastify';
import { notFound, PROBLEM_TYPES, problemTypeUri, type ProblemType } from '../../http/problem.js';
import { PROBLEM_EXPLAINED } from './problems.explained.js';

const escapeHtml = (text: string) =>
  text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
// `code` in the texts becomes <code>code</code>.
const prose = (text: string) => escapeHtml(text).replace(/`([^`]+)`/g, '<code>$1</code>');

const page = (title: string, body: string) => `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${escapeHtml(title)}: Participation API</title></head>
<body><main>
${body}
<p><a href="/problems">All problem types</a> · <a href="/docs">API documentation</a></p>
</main></body>
</html>
`;

const TYPES = Object.keys(PROBLEM_TYPES) as ProblemType[];

function problemPage(type: ProblemType) {
  const { status, title } = PROBLEM_TYPES[type];
  const { means, todo } = PROBLEM_EXPLAINED[type];
  return page(
    title,
    `<h1>${escapeHtml(title)}</h1>
<p>Problem type <code>${problemTypeUri(type)}</code>, HTTP status ${status}.</p>
<h2>What it means</h2>
<p>${prose(means)}</p>
<h2>What to do</h2>
<p>${prose(todo)}</p>
<p>Every problem answer is <code>application/problem+json</code> with <code>type</code>, <code>title</code>, <code>status</code>, <code>detail</code> (what went wrong this time) and <code>requestId</code> (quote it when reporting a problem).</p>`,
  );
}

const index = page(
  'Problem types',
  `<h1>Problem types</h1>
<ul>
${TYPES.map((t) => `<li><a href="${problemTypeUri(t)}">${escapeHtml(PROBLEM_TYPES[t].title)}</a> (${PROBLEM_TYPES[t].status})</li>`).join('\n')}
</ul>`,
);

export const problemTypeRoutes: FastifyPluginAsync = async (app) => {
  const pages = new Map(TYPES.map((t) => [t, problemPage(t)]));
  const send = (html: string) => (_request: unknown, reply: FastifyReply) =>
    reply.type('text/html; charset=utf-8').header('cache-control', 'public, max-age=3600').send(html);
  app.get('/problems', { schema: { hide: true } }, send(index));
  app.get<{ Params: { type: string } }>('/problems/:type', { schema: { hide: true } }, async (request, reply) => {
    const html = pages.get(request.params.type as ProblemType);
    if (!html) throw notFound(`There is no problem type "${request.params.type.slice(0, 100)}". /problems lists them.`);
    return send(html)(request, reply);
  });
};
