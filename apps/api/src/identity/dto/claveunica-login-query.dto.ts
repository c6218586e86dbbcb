import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString } from 'class-validator';

export class ClaveUnicaLoginQueryDto {
  @ApiPropertyOptional({
    example: '/mis-tramites',
    description: 'The applicant page to come back to after signing in: a path of this site (one leading /, not /staff or /api); anything else means /mis-tramites',
  })
  @IsOptional()
  @IsString()
  returnTo?: string;
}
