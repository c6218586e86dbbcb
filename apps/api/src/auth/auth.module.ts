import { createSecretKey } from 'node:crypto';
import { Global, Module } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { APP_GUARD } from '@nestjs/core';
import { JwtModule } from '@nestjs/jwt';
import { TypeOrmModule } from '@nestjs/typeorm';
import type { Config } from '../config/environment.js';
import { StaffUser } from '../staff/staff-user.entity.js';
import { StaffModule } from '../staff/staff.module.js';
import { AuthController } from './auth.controller.js';
import { AuthGuard } from './auth.guard.js';
import { AuthService } from './auth.service.js';
import { LoginFailureRepository } from './login-failure.repository.js';

@Global()
@Module({
  imports: [
    TypeOrmModule.forFeature([StaffUser]),
    JwtModule.registerAsync({
      inject: [ConfigService],
      useFactory: (config: ConfigService<Config, true>) => ({
        // A KeyObject: jsonwebtoken would otherwise try to parse the string as a key on every request.
        secret: createSecretKey(Buffer.from(config.get('JWT_SECRET', { infer: true }), 'utf8')),
        signOptions: { algorithm: 'HS256', issuer: 'turnero' },
        verifyOptions: { algorithms: ['HS256'], issuer: 'turnero' },
      }),
    }),
    StaffModule,
  ],
  controllers: [AuthController],
  providers: [AuthService, LoginFailureRepository, { provide: APP_GUARD, useClass: AuthGuard }],
  exports: [AuthService],
})
export class AuthModule {}
