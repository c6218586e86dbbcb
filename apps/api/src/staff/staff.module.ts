import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { PasswordHasher } from '../auth/password-hasher.js';
import { Office } from '../offices/office.entity.js';
import { StaffController } from './staff.controller.js';
import { StaffAccounts } from './staff-accounts.js';
import { StaffService } from './staff.service.js';
import { StaffUser } from './staff-user.entity.js';

@Module({
  imports: [TypeOrmModule.forFeature([StaffUser, Office])],
  controllers: [StaffController],
  providers: [StaffService, PasswordHasher, StaffAccounts],
  exports: [StaffService, PasswordHasher, StaffAccounts],
})
export class StaffModule {}
