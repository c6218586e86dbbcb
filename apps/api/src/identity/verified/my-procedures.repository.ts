import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DocumentType } from '@turnero/scheduling';
import { type DataSource, In } from 'typeorm';
import { Booking } from '../../bookings/booking.entity.js';
import type { BookingMemberDto } from '../../bookings/dto/booking.dto.js';
import { Office } from '../../offices/office.entity.js';
import { ServiceEntity } from '../../services/service.entity.js';

/** The most bookings or requests "Mis trámites" lists. */
export const MY_PROCEDURES_LIMIT = 100;

/** A person's booking with what its answer shows: the procedure, the office, the people in it. */
export interface HeldBooking {
  booking: Booking;
  service: ServiceEntity;
  office: Office;
  members: BookingMemberDto[];
}

/**
 * What a signed-in person holds, by their document (ix_bookings_document): the bookings whose
 * holder they are, with each one's procedure, office and group, in four statements whatever
 * their number. A companion's row is left out: its booking is its holder's, and its own code is
 * never given out.
 */
@Injectable()
export class MyProceduresRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async bookingsOf(documentType: DocumentType, documentNumber: string): Promise<HeldBooking[]> {
    const bookings = await this.db.manager
      .createQueryBuilder(Booking, 'b')
      .where('b.documentNumber = :documentNumber AND b.documentType = :documentType', { documentNumber, documentType })
      .andWhere('coalesce(b.groupIndex, 0) = 0')
      .orderBy('b.slotStart', 'DESC')
      .limit(MY_PROCEDURES_LIMIT)
      .getMany();
    if (bookings.length === 0) return [];
    const [services, offices, members] = await Promise.all([
      this.db.manager.findBy(ServiceEntity, { id: In([...new Set(bookings.map((b) => b.serviceId))]) }),
      this.db.manager.findBy(Office, { id: In([...new Set(bookings.map((b) => b.officeId))]) }),
      this.groupMembers(bookings.flatMap((b) => (b.groupId ? [b.groupId] : []))),
    ]);
    return bookings.map((booking) => ({
      booking,
      service: services.find((s) => s.id === booking.serviceId)!,
      office: offices.find((o) => o.id === booking.officeId)!,
      members: booking.groupId ? (members.get(booking.groupId) ?? []) : [{ index: 0, fullName: booking.fullName, status: booking.status }],
    }));
  }

  /** The people of these groups, each group's in their order. */
  private async groupMembers(groupIds: string[]): Promise<Map<string, BookingMemberDto[]>> {
    const groups = new Map<string, BookingMemberDto[]>();
    if (groupIds.length === 0) return groups;
    const rows: { group_id: string; group_index: number; full_name: string; status: Booking['status'] }[] = await this.db.query(
      `SELECT group_id, group_index, full_name, status::text AS status FROM bookings WHERE group_id = ANY($1::uuid[]) ORDER BY group_id, group_index`,
      [groupIds],
    );
    for (const row of rows) {
      const group = groups.get(row.group_id) ?? [];
      group.push({ index: row.group_index, fullName: row.full_name, status: row.status });
      groups.set(row.group_id, group);
    }
    return groups;
  }
}
