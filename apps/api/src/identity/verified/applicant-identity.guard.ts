import { applyDecorators, type CanActivate, createParamDecorator, type ExecutionContext, Injectable, SetMetadata, UseGuards } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { normalizeDocument } from '@turnero/scheduling';
import type { FastifyRequest } from 'fastify';
import { ApiException } from '../../common/errors/api.exception.js';
import { ErrorCode } from '../../common/errors/error-code.js';
import { APPLICANT_COOKIE, ApplicantSessions, type VerifiedApplicant } from '../applicant-sessions.js';

/** Where a route's body names the person: the booking's `applicant` (with a documentType), a request's `contact` (without). */
export type PersonInBody = 'applicant' | 'contact';

interface IdentityRule {
  /** The body's object that takes the session's document and name. */
  person?: PersonInBody;
  /** No session: 401 SIGN_IN_REQUIRED. */
  required?: boolean;
}

const IDENTITY_RULE = 'turnero:applicantIdentity';
const SIGNED_IN = Symbol('signedInApplicant');
type ApplicantRequest = FastifyRequest & { [SIGNED_IN]?: VerifiedApplicant | null };

/**
 * The route takes the applicant's ClaveÚnica session when there is one: the session's document and
 * name are written into the body's `person` object before validation (so a signed-in applicant
 * may leave them out, and an anonymous body is validated exactly as before), and a different
 * document in the body is 403 IDENTITY_MISMATCH naming it. The handler reads the session with
 * @SignedInApplicant(). Guards run before the Idempotency-Key interceptor: the key's request hash
 * is of the body as completed here.
 */
export function IdentityFromSession(person: PersonInBody): MethodDecorator {
  return applyDecorators(SetMetadata(IDENTITY_RULE, { person } satisfies IdentityRule), UseGuards(ApplicantIdentityGuard));
}

/** The route is the signed-in applicant's own ("Mis trámites"): 401 SIGN_IN_REQUIRED without a live session. */
export function SignInRequired(): MethodDecorator & ClassDecorator {
  return applyDecorators(SetMetadata(IDENTITY_RULE, { required: true } satisfies IdentityRule), UseGuards(ApplicantIdentityGuard));
}

/** The applicant signed in with ClaveÚnica, or null; on routes marked @IdentityFromSession or @SignInRequired. */
export const SignedInApplicant = createParamDecorator((_: unknown, context: ExecutionContext): VerifiedApplicant | null => {
  return context.switchToHttp().getRequest<ApplicantRequest>()[SIGNED_IN] ?? null;
});

@Injectable()
export class ApplicantIdentityGuard implements CanActivate {
  constructor(
    private readonly sessions: ApplicantSessions,
    private readonly reflector: Reflector,
  ) {}

  canActivate(context: ExecutionContext): boolean | Promise<boolean> {
    const request = context.switchToHttp().getRequest<ApplicantRequest>();
    const rule = this.reflector.getAllAndOverride<IdentityRule | undefined>(IDENTITY_RULE, [context.getHandler(), context.getClass()]) ?? {};
    // The booking rush sends no session cookie: settled here, synchronously, without the database.
    if (!request.headers.cookie?.includes(APPLICANT_COOKIE)) return this.settle(request, rule, null);
    return this.sessions.fromRequest(request).then((applicant) => this.settle(request, rule, applicant));
  }

  private settle(request: ApplicantRequest, rule: IdentityRule, applicant: VerifiedApplicant | null): true {
    request[SIGNED_IN] = applicant;
    if (!applicant && rule.required) {
      throw new ApiException(ErrorCode.SIGN_IN_REQUIRED, 'Sign in with ClaveÚnica to see your bookings and requests');
    }
    if (applicant && rule.person) takeIdentityFromSession(request.body, rule.person, applicant);
    return true;
  }
}

/**
 * Writes the session's document (and its type, for a booking) and name into `body[person]`,
 * creating the object when the body leaves it out. A document the body gives must be the
 * session's, in any notation (12.345.678-5, 12345678-5…): otherwise 403 IDENTITY_MISMATCH naming
 * the field. Shapes validation will refuse anyway (a body or person that is not an object, a
 * document that is not text) are left for it to name.
 */
export function takeIdentityFromSession(body: unknown, person: PersonInBody, applicant: VerifiedApplicant): void {
  if (!isPlainObject(body)) return;
  const given = body[person] ?? {};
  if (!isPlainObject(given)) return;
  const withType = person === 'applicant';
  if (withType && given.documentType !== undefined && given.documentType !== applicant.documentType) throw mismatch(`${person}.documentType`);
  if (given.documentNumber !== undefined) {
    if (typeof given.documentNumber !== 'string') return;
    const document = normalizeDocument(applicant.documentType, given.documentNumber);
    if (!document.ok || document.value !== applicant.documentNumber) throw mismatch(`${person}.documentNumber`);
  }
  body[person] = {
    ...given,
    ...(withType ? { documentType: applicant.documentType } : {}),
    documentNumber: applicant.documentNumber,
    fullName: applicant.fullName,
  };
}

function mismatch(field: string): ApiException {
  return new ApiException(
    ErrorCode.IDENTITY_MISMATCH,
    'You are signed in with ClaveÚnica as another person: leave the document out (yours is used), or sign out first',
    [{ field, messages: ['must be the document of the person signed in with ClaveÚnica, or left out'] }],
  );
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
