import { ApiProperty } from '@nestjs/swagger';
import { DateTime } from 'luxon';
import { ApiException } from '../../common/errors/api.exception.js';
import { ErrorCode } from '../../common/errors/error-code.js';
import { IsLocalDate } from '../../common/validation/custom-validators.js';

/** The longest range one report covers: a leap year. */
export const MAX_REPORT_DAYS = 366;

/** `from`/`to`: office-local days, both inclusive. */
export class DateRangeQueryDto {
  @ApiProperty({ example: '2026-12-01', description: "First day, the office's local date" })
  @IsLocalDate()
  from: string;

  @ApiProperty({ example: '2026-12-31', description: `Last day, inclusive; at most ${MAX_REPORT_DAYS} days from \`from\`` })
  @IsLocalDate()
  to: string;
}

/** 400 INVALID_DATE_RANGE naming `to` when the range is backwards or longer than MAX_REPORT_DAYS. */
export function assertDateRange({ from, to }: { from: string; to: string }): void {
  const days = DateTime.fromISO(to, { zone: 'utc' }).diff(DateTime.fromISO(from, { zone: 'utc' }), 'days').days + 1;
  if (days < 1) throw rangeError('to must be on or after from');
  if (days > MAX_REPORT_DAYS) throw rangeError(`a report covers at most ${MAX_REPORT_DAYS} days`);
}

function rangeError(message: string): ApiException {
  return new ApiException(ErrorCode.INVALID_DATE_RANGE, `Invalid date range: ${message}`, [{ field: 'to', messages: [message] }]);
}
