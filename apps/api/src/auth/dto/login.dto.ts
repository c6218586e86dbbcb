import { ApiProperty } from '@nestjs/swagger';
import { IsString, MaxLength, MinLength } from 'class-validator';

export class LoginDto {
  @ApiProperty({ example: 'supervisor.elqui' })
  @IsString()
  @MinLength(1)
  @MaxLength(64)
  username: string;

  @ApiProperty({ example: 'a long passphrase', format: 'password' })
  @IsString()
  @MinLength(1)
  @MaxLength(256)
  password: string;
}

export class AccessTokenDto {
  @ApiProperty({ description: 'JWT to send as `Authorization: Bearer <token>`' })
  accessToken: string;

  @ApiProperty({ description: 'Seconds until the token expires', example: 28800 })
  expiresIn: number;
}
