import { ApiProperty } from '@nestjs/swagger';
import { BookingDto } from '../../../bookings/dto/booking.dto.js';
import { RequestSummaryDto } from '../../../requests/dto/request-public.dto.js';

/** One of the signed-in person's bookings, with what "Mis trámites" may offer on it. */
export class MyBookingDto extends BookingDto {
  @ApiProperty({ description: 'Confirmed and not begun: POST /bookings/{code}/cancel with the documentNumber of GET /me is accepted' })
  canCancel: boolean;

  @ApiProperty({
    description: 'canCancel, and its procedure does not now require a verified identity it lacks: POST /bookings/{code}/reschedule is accepted (slots permitting)',
  })
  canReschedule: boolean;
}

/** One of the signed-in person's requests: its public fields, and whether it was filed signed in. */
export class MyRequestDto extends RequestSummaryDto {
  @ApiProperty({ description: 'Filed while signed in with ClaveÚnica; false for one filed anonymously that gave this RUN as the contact document' })
  identityVerified: boolean;
}
