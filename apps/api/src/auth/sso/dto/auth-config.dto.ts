import { ApiProperty } from '@nestjs/swagger';

export class StaffSsoConfigDto {
  @ApiProperty({ description: 'The single sign-on button\'s text: "Ingresar con <label>" (STAFF_OIDC_LABEL)', example: 'Cuenta institucional' })
  label: string;
}

/** How staff log in on this deployment: what the login page shows. */
export class AuthConfigDto {
  @ApiProperty({ description: 'Whether staff may log in with a password (STAFF_PASSWORD_LOGIN). When false, only the bootstrap admin may (a small "Acceso de administración" form).' })
  passwordLogin: boolean;

  @ApiProperty({ type: StaffSsoConfigDto, nullable: true, description: "Single sign-on through the organisation's provider (GET /auth/sso/login), or null when it is off" })
  sso: StaffSsoConfigDto | null;
}
