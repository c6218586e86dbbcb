import { Module } from '@nestjs/common';
import { ScheduleModule } from '@nestjs/schedule';
import { PersonalDataRetentionJob } from './personal-data-retention.job.js';
import { RetentionRepository } from './retention.repository.js';

/** Data protection: the nightly erasure of personal data past each office's retention. */
@Module({
  imports: [ScheduleModule.forRoot()],
  providers: [PersonalDataRetentionJob, RetentionRepository],
  exports: [PersonalDataRetentionJob],
})
export class RetentionModule {}
