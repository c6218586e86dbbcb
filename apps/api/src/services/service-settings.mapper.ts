import type { ServiceSettings } from '@turnero/scheduling';
import type { ServiceEntity } from './service.entity.js';

/** A stored service's settings as the scheduling rules read them. */
export function toServiceSettings(service: ServiceEntity): ServiceSettings {
  return {
    mode: service.mode,
    slotMinutes: service.slotMinutes,
    seatsPerSlot: service.seatsPerSlot,
    dailyAppointmentCap: service.dailyAppointmentCap,
    bookingHorizonDays: service.bookingHorizonDays,
    bookingOpensAt: service.bookingOpensAt,
    bookingLeadMinutes: service.bookingLeadMinutes,
    checkInBeforeMinutes: service.checkInBeforeMinutes,
    checkInGraceMinutes: service.checkInGraceMinutes,
    walkInDailyCap: service.walkInDailyCap,
    averageServiceMinutes: service.averageServiceMinutes,
  };
}
