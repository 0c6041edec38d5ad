import type { FastifyReply, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { notFound } from '../../http/problem.js';
import { ok, problems } from '../../http/responses.js';
import { actorOf, ADMIN_ONLY, SESSION_COOKIE, SIGNED_IN } from '../../plugins/auth.js';
import type { PersonCaller } from '../../domain/actor.js';
import { OrganisationParams } from '../organisations/organisations.schemas.js';
import { SignInLimiter } from './people.limits.js';
import { invitationMailer } from './people.mail.js';
import {
  AcceptInvitationBody,
  CreatedInvitation,
  CreateInvitationBody,
  InvitationParams,
  OrganisationPeople,
  OrganisationPersonParams,
  Session,
  SignInBody,
} from './people.schemas.js';
import {
  acceptInvitation,
  createInvitation,
  describeSession,
  INVITATION_DAYS,
  listPeople,
  revokeMembership,
  revokeInvitation,
  signIn,
  signOut,
  type SignedIn,
} from './people.service.js';

const tags = ['People'];

export const peopleRoutes: FastifyPluginAsyncZod = async (app) => {
  const { sessions: settings, publicUrl } = app.config;
  const limiter = new SignInLimiter(app.config.signIn);
  const send = invitationMailer(app.config.mail);
  const secureSite = publicUrl.startsWith('https:');

  // HttpOnly (no script reads it), SameSite=Lax (not sent on cross-site writes), Secure behind https.
  const cookieOptions = (request: FastifyRequest) => ({
    httpOnly: true,
    sameSite: 'lax' as const,
    path: '/',
    secure: secureSite || request.protocol === 'https',
  });
  const startSession = (request: FastifyRequest, reply: FastifyReply, signedIn: SignedIn) => {
    reply.setCookie(SESSION_COOKIE, signedIn.token, { ...cookieOptions(request), maxAge: settings.maxHours * 3600 });
    return reply.code(201).header('cache-control', 'no-store').send(signedIn.session);
  };
  const endSession = (request: FastifyRequest, reply: FastifyReply) =>
    reply.clearCookie(SESSION_COOKIE, cookieOptions(request)).code(204).header('cache-control', 'no-store').send(null);
  const person = (request: FastifyRequest) => request.caller as PersonCaller;

  app.post(
    '/session',
    {
      schema: {
        operationId: 'signIn',
        tags,
        summary: 'Sign in with email and password',
        description: `Sets the session cookie (\`${SESSION_COOKIE}\`: HttpOnly, SameSite=Lax, Secure behind https) and answers what \`GET /v1/session\` answers. A wrong email and a wrong password get the same answer. Attempts are limited per address and failures per email (429 with Retry-After). A session ends after ${settings.idleMinutes} minutes unused or ${settings.maxHours} hours after sign-in.`,
        body: SignInBody,
        response: { 201: ok(Session, 'Signed in; the cookie is set'), ...problems(401) },
      },
    },
    async (request, reply) => {
      const { email, password } = request.body;
      return startSession(
        request,
        reply,
        await signIn(app.db, { email, password, address: request.ip, requestId: request.id }, settings, limiter),
      );
    },
  );

  app.get(
    '/session',
    {
      onRequest: app.requireSession,
      schema: {
        operationId: 'getSession',
        tags,
        security: SIGNED_IN,
        summary: 'Who is signed in',
        description: 'The person, the organisations they act for and the CSRF token to send as `X-CSRF-Token` with every change.',
        response: { 200: ok(Session, 'The session'), ...problems(401) },
      },
    },
    async (request, reply) => {
      reply.header('cache-control', 'private, no-store');
      return describeSession(app.db, person(request), request.cookies[SESSION_COOKIE]!);
    },
  );

  for (const [path, everywhere] of [
    ['/session', false],
    ['/sessions', true],
  ] as const) {
    app.delete(
      path,
      {
        onRequest: app.requireSession,
        schema: {
          operationId: everywhere ? 'signOutEverywhere' : 'signOut',
          tags,
          security: SIGNED_IN,
          summary: everywhere ? 'Sign out everywhere' : 'Sign out',
          description: everywhere
            ? 'Ends every session of the signed-in person, on every device (for a lost phone or a shared computer). Needs `X-CSRF-Token`.'
            : 'Ends this session and clears its cookie. Needs `X-CSRF-Token`.',
          response: { 204: z.null().describe('Signed out'), ...problems(401, 403) },
        },
      },
      async (request, reply) => {
        await signOut(app.db, person(request), everywhere, actorOf(request));
        return endSession(request, reply);
      },
    );
  }

  app.post(
    '/invitations/accept',
    {
      schema: {
        operationId: 'acceptInvitation',
        tags,
        summary: 'Accept an invitation and sign in',
        description:
          'Creates the person (or, for an invitation sent to an existing account’s email, sets a new password; for an existing account otherwise, adds the organisation after checking its password), adds the organisation, uses up the invitation and signs in. An invitation works once: used, expired or withdrawn it is a 410; an unknown token a 404.',
        body: AcceptInvitationBody,
        response: { 201: ok(Session, 'Signed in; the cookie is set'), ...problems(404, 409, 410) },
      },
    },
    async (request, reply) => {
      const signedIn = await acceptInvitation(app.db, { ...request.body, requestId: request.id }, settings, limiter);
      return startSession(request, reply, signedIn);
    },
  );

  app.post(
    '/organisations/:id/invitations',
    {
      onRequest: app.requireAdmin,
      schema: {
        operationId: 'inviteToOrganisation',
        tags: ['Admin'],
        security: ADMIN_ONLY,
        summary: 'Invite a person to act for an organisation',
        description: `A one-time link, valid for ${INVITATION_DAYS} days, stored only as a hash. With an email and SMTP configured it is emailed and not shown; otherwise it is in this answer, once, to pass on. An invitation for an existing person’s email lets them choose a new password (the way to mend a forgotten one).`,
        params: OrganisationParams,
        body: CreateInvitationBody.optional(),
        response: {
          201: ok(CreatedInvitation, 'The invitation; its link is shown this once unless it was emailed'),
          ...problems(401, 403, 404),
        },
      },
    },
    async (request, reply) => {
      const { row, url, sent } = await createInvitation(
        app.db,
        { organisationId: request.params.id, email: request.body?.email },
        actorOf(request),
        { publicUrl, send },
      );
      reply.code(201).header('cache-control', 'no-store');
      return { id: row.id, organisation: row.organisationId, email: row.email, expiresAt: row.expiresAt.toISOString(), sent, url };
    },
  );

  app.delete(
    '/invitations/:invitationId',
    {
      onRequest: app.requireAdmin,
      schema: {
        operationId: 'revokeInvitation',
        tags: ['Admin'],
        security: ADMIN_ONLY,
        summary: 'Withdraw an invitation',
        description: 'Its link stops working at once. Withdrawing one already withdrawn or used changes nothing.',
        params: InvitationParams,
        response: { 204: z.null().describe('Withdrawn'), ...problems(401, 403, 404) },
      },
    },
    async (request, reply) => {
      const row = await revokeInvitation(app.db, request.params.invitationId, actorOf(request));
      if (!row) throw notFound(`There is no invitation with id ${request.params.invitationId}.`);
      return reply.code(204).send(null);
    },
  );

  app.get(
    '/organisations/:id/people',
    {
      onRequest: app.requireAdmin,
      schema: {
        operationId: 'listOrganisationPeople',
        tags: ['Admin'],
        security: ADMIN_ONLY,
        summary: 'The people who act for an organisation',
        description: 'Everyone who has accepted an invitation to it and still has access, by name. Not paged: a group has a handful.',
        params: OrganisationParams,
        response: { 200: ok(OrganisationPeople, 'Its people'), ...problems(401, 403, 404) },
      },
    },
    async (request, reply) => {
      reply.header('cache-control', 'private, no-store');
      return { data: await listPeople(app.db, request.params.id) };
    },
  );

  app.delete(
    '/organisations/:id/people/:personId',
    {
      onRequest: app.requireAdmin,
      schema: {
        operationId: 'revokeOrganisationPerson',
        tags: ['Admin'],
        security: ADMIN_ONLY,
        summary: 'End a person’s access to an organisation',
        description:
          'The person no longer acts for it, from their next request on; their account, their other organisations and the figures they entered stay. Audited as `membership.revoke`. A person who does not act for it is a 404.',
        params: OrganisationPersonParams,
        response: { 204: z.null().describe('Access ended'), ...problems(401, 403, 404) },
      },
    },
    async (request, reply) => {
      await revokeMembership(app.db, request.params.id, request.params.personId, actorOf(request));
      return reply.code(204).send(null);
    },
  );
};
