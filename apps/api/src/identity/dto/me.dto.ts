import { ApiProperty } from '@nestjs/swagger';
import type { VerifiedApplicant } from '../applicant-sessions.js';

export class ClaveUnicaStatusDto {
  @ApiProperty({ description: 'Whether applicants can sign in with ClaveÚnica here (off: show nothing about it)' })
  enabled: boolean;
}

export class SignedInApplicantDto {
  @ApiProperty({ example: 'María José Pérez Soto', description: "The name ClaveÚnica gives: nombres then apellidos" })
  fullName: string;

  @ApiProperty({ enum: ['RUT'], example: 'RUT' })
  documentType: 'RUT';

  @ApiProperty({ example: '12345678-5', description: 'The RUN ClaveÚnica verified, normalised as bookings store it' })
  documentNumber: string;

  @ApiProperty({ format: 'date-time', description: 'When the session ends (sign in again after it)' })
  expiresAt: string;
}

export class MeDto {
  @ApiProperty({ type: ClaveUnicaStatusDto })
  claveUnica: ClaveUnicaStatusDto;

  @ApiProperty({ type: SignedInApplicantDto, nullable: true, description: 'The applicant signed in with ClaveÚnica in this browser, or null' })
  applicant: SignedInApplicantDto | null;
}

export class ApplicantLogoutDto {
  @ApiProperty({
    type: String,
    nullable: true,
    description: "The provider's logout page, to offer after signing out here (ClaveÚnica's session stays open until the person ends it there); null when unknown or sign-in is off",
  })
  providerLogoutUrl: string | null;
}

export function toSignedInApplicantDto(applicant: VerifiedApplicant): SignedInApplicantDto {
  return { fullName: applicant.fullName, documentType: applicant.documentType, documentNumber: applicant.documentNumber, expiresAt: applicant.expiresAt.toISOString() };
}
