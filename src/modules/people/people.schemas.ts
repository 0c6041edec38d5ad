import { z } from 'zod';
import { singleLineText } from '../../http/text.js';
import { AreaRef } from '../areas/areas.schemas.js';
import { OrganisationId } from '../organisations/organisations.schemas.js';
import { PASSWORD_MAX_LENGTH, PASSWORD_RULES, passwordProblem } from './people.passwords.js';

export const Email = z
  .email('must be an email address such as `name@example.org`')
  .max(254)
  .describe('Email address; the same whatever its letters’ case');

/** A password as typed when signing in: only bounded, so an old password that breaks newer rules still works. */
const GivenPassword = z.string().min(1).max(PASSWORD_MAX_LENGTH).describe('The password');

export const NewPassword = z
  .string()
  .superRefine((value, ctx) => {
    const problem = passwordProblem(value);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  })
  .describe(`The new password. ${PASSWORD_RULES}`);

export const SignInBody = z.object({ email: Email, password: GivenPassword }).strict().meta({ id: 'SignInBody' });

export const InvitationToken = z
  .string()
  .length(46)
  .regex(/^pi_[A-Za-z0-9_-]{43}$/, 'must be the invitation token from the link, `pi_` and 43 characters')
  .describe('The token from the invitation link (after `#invitation=`)');

export const AcceptInvitationBody = z
  .object({
    token: InvitationToken,
    displayName: singleLineText(100, 'The display name').describe('The name other people in the group see, e.g. "Sam (treasurer)"'),
    email: Email,
    password: z
      .string()
      .max(PASSWORD_MAX_LENGTH)
      .describe(
        `For a new account, the password to set. ${PASSWORD_RULES} For an invitation sent to the email of an existing account, the new password. For an existing account otherwise, its current password (the invitation then adds the organisation to it).`,
      ),
  })
  .strict()
  .meta({ id: 'AcceptInvitationBody' });

export const SessionOrganisation = z
  .object({
    id: OrganisationId,
    name: z.string().describe('The organisation’s name'),
    homeArea: AreaRef.nullable().describe('Where it is based; null when not given'),
    named: z.boolean().describe('Whether it has agreed to be named in public'),
  })
  .meta({ id: 'SessionOrganisation' });

export const Session = z
  .object({
    person: z
      .object({
        id: z.string().describe('Person id'),
        displayName: z.string().describe('The name chosen when accepting the invitation'),
        email: z.string().describe('The email used to sign in'),
        admin: z.boolean().describe('True for an admin, who may act for every organisation'),
      })
      .describe('Who is signed in'),
    organisations: z.array(SessionOrganisation).describe('The organisations this person acts for, by name'),
    csrfToken: z
      .string()
      .describe('Send this in the `X-CSRF-Token` header with every request that changes something; bound to this session'),
    expiresAt: z.string().describe('When the session ends at the latest (ISO 8601, UTC); it ends sooner after a long time unused'),
  })
  .meta({ id: 'Session' });
export type Session = z.infer<typeof Session>;

export const CreateInvitationBody = z
  .object({
    email: Email.optional().describe(
      'The email it is for. Given: only that email can accept it; for an existing account it sets a new password; with SMTP configured it is sent there',
    ),
  })
  .strict()
  .meta({ id: 'CreateInvitationBody' });

export const InvitationId = z
  .string()
  .length(16)
  .regex(/^inv_[A-Za-z0-9_-]{12}$/, 'must be an invitation id such as `inv_AbC123dEf456`')
  .describe('Invitation id (not its token)');

export const CreatedInvitation = z
  .object({
    id: InvitationId,
    organisation: OrganisationId.nullable().describe('The organisation it lets the person act for; null for an admin invitation'),
    email: z.string().nullable().describe('The only email that may accept it; null when any may'),
    expiresAt: z.string().describe('When the link stops working (ISO 8601, UTC): 14 days after it was made'),
    sent: z.boolean().describe('True when it was emailed (SMTP configured and an email given); the link is then not in this answer'),
    url: z
      .string()
      .nullable()
      .describe('The one-time link to pass on, shown this once (only its hash is stored); null when it was emailed instead'),
  })
  .meta({ id: 'CreatedInvitation' });

export const InvitationParams = z.object({ invitationId: InvitationId });

export const PersonId = z
  .string()
  .length(19)
  .regex(/^person_[A-Za-z0-9_-]{12}$/, 'must be a person id such as `person_AbC123dEf456`')
  .describe('Person id');

export const OrganisationPersonParams = z.object({ id: OrganisationId, personId: PersonId });

export const OrganisationPerson = z
  .object({
    id: PersonId,
    displayName: z.string().describe('The name they chose when accepting their invitation'),
    email: z.string().describe('The email they sign in with'),
    admin: z.boolean().describe('True for an admin person'),
    since: z.string().describe('When they began to act for this organisation (ISO 8601, UTC)'),
  })
  .meta({ id: 'OrganisationPerson' });

export const OrganisationPeople = z
  .object({ data: z.array(OrganisationPerson).describe('By display name') })
  .meta({ id: 'OrganisationPeople' });
