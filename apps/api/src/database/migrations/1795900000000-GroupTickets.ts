import type { MigrationInterface, QueryRunner } from 'typeorm';

/** call_first_free as CallNextInTwoStatements wrote it (the down migration puts it back). */
const CALL_FIRST_FREE_BEFORE = `
      CREATE OR REPLACE FUNCTION call_first_free(
        p_counter uuid, p_office uuid, p_local_date date, p_choices uuid[], p_reasons text[], p_at timestamptz, p_agent uuid)
      RETURNS TABLE (o_outcome text, o_busy_id uuid, o_busy_number text, o_busy_status text, o_ticket tickets)
      LANGUAGE plpgsql VOLATILE AS $$
      DECLARE
        v_open boolean;
        v_services uuid[];
        v_busy record;
        v_ticket tickets;
      BEGIN
        SELECT open, service_ids INTO v_open, v_services FROM counter_sessions WHERE counter_id = p_counter FOR UPDATE;
        IF NOT FOUND OR NOT v_open THEN
          RETURN QUERY SELECT 'closed'::text, NULL::uuid, NULL::text, NULL::text, NULL::tickets;
          RETURN;
        END IF;
        SELECT id, number, status::text AS status INTO v_busy FROM tickets
         WHERE office_id = p_office AND status IN ('called', 'serving') AND counter_id = p_counter AND local_date = p_local_date LIMIT 1;
        IF FOUND THEN
          RETURN QUERY SELECT 'busy'::text, v_busy.id, v_busy.number, v_busy.status, NULL::tickets;
          RETURN;
        END IF;
        WITH choice AS (SELECT * FROM unnest(p_choices, p_reasons) WITH ORDINALITY AS c(id, reason, rank)),
             claimed AS (
               SELECT t.id, choice.reason FROM tickets t JOIN choice ON choice.id = t.id
                WHERE t.status = 'waiting' AND t.office_id = p_office AND t.service_id = ANY(v_services)
                ORDER BY choice.rank LIMIT 1 FOR UPDATE OF t SKIP LOCKED),
             called AS (
               UPDATE tickets t SET status = 'called', called_at = p_at, counter_id = p_counter, agent_id = p_agent, recall_count = 0,
                      started_at = NULL, updated_at = now()
                 FROM claimed WHERE t.id = claimed.id RETURNING t.*),
             event AS (
               INSERT INTO ticket_events (ticket_id, office_id, type, at, counter_id, agent_id, details)
               SELECT called.id, p_office, 'called', p_at, p_counter, p_agent,
                      jsonb_build_object('serviceId', called.service_id, 'preferential', called.preferential, 'reason', claimed.reason)
                 FROM called JOIN claimed ON claimed.id = called.id)
        SELECT * INTO v_ticket FROM called;
        IF v_ticket.id IS NULL THEN
          RETURN QUERY SELECT 'taken'::text, NULL::uuid, NULL::text, NULL::text, NULL::tickets;
        ELSE
          RETURN QUERY SELECT 'called'::text, NULL::uuid, NULL::text, NULL::text, v_ticket;
        END IF;
      END $$`;

/**
 * Issue #18, a group that checks in together:
 * - tickets.party_size: how many people the ticket's group is (1 alone). With the office's
 *   group_tickets = 'one' the group's single ticket carries it; with 'per_person' every ticket of
 *   the group carries the group's size (people counted = tickets, not the sum).
 * - tickets.group_ticket_id: 'per_person' tickets of one group (consecutive numbers) all carry the
 *   id of the group's first ticket, its own included; NULL otherwise. No foreign key: the group's
 *   tickets are written in one transaction, and they end together.
 * - call_first_free claims a group as one: the chosen ticket and its group's first ticket are
 *   locked (SKIP LOCKED), so two counters that choose two tickets of one group never both win
 *   (each reaches for the first ticket's lock); the winner calls every waiting ticket of the group
 *   to its counter, each with its 'called' event. A ticket outside a group is claimed as before.
 */
export class GroupTickets1795900000000 implements MigrationInterface {
  name = 'GroupTickets1795900000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "tickets" ADD "party_size" integer NOT NULL DEFAULT '1'`);
    await queryRunner.query(`ALTER TABLE "tickets" ADD "group_ticket_id" uuid`);
    await queryRunner.query(`ALTER TABLE "tickets" ADD CONSTRAINT "ck_tickets_party_size" CHECK ("party_size" BETWEEN 1 AND 10)`);
    await queryRunner.query(`CREATE INDEX "ix_tickets_group" ON "tickets" ("group_ticket_id") WHERE "group_ticket_id" IS NOT NULL`);
    await queryRunner.query(`
      CREATE OR REPLACE FUNCTION call_first_free(
        p_counter uuid, p_office uuid, p_local_date date, p_choices uuid[], p_reasons text[], p_at timestamptz, p_agent uuid)
      RETURNS TABLE (o_outcome text, o_busy_id uuid, o_busy_number text, o_busy_status text, o_ticket tickets)
      LANGUAGE plpgsql VOLATILE AS $$
      DECLARE
        v_open boolean;
        v_services uuid[];
        v_busy record;
        v_ticket tickets;
      BEGIN
        SELECT open, service_ids INTO v_open, v_services FROM counter_sessions WHERE counter_id = p_counter FOR UPDATE;
        IF NOT FOUND OR NOT v_open THEN
          RETURN QUERY SELECT 'closed'::text, NULL::uuid, NULL::text, NULL::text, NULL::tickets;
          RETURN;
        END IF;
        SELECT id, number, status::text AS status INTO v_busy FROM tickets
         WHERE office_id = p_office AND status IN ('called', 'serving') AND counter_id = p_counter AND local_date = p_local_date LIMIT 1;
        IF FOUND THEN
          RETURN QUERY SELECT 'busy'::text, v_busy.id, v_busy.number, v_busy.status, NULL::tickets;
          RETURN;
        END IF;
        WITH choice AS (SELECT * FROM unnest(p_choices, p_reasons) WITH ORDINALITY AS c(id, reason, rank)),
             claimed AS (
               SELECT t.id, t.group_ticket_id, choice.reason FROM tickets t JOIN choice ON choice.id = t.id
                 JOIN tickets lead ON lead.id = COALESCE(t.group_ticket_id, t.id)
                WHERE t.status = 'waiting' AND t.office_id = p_office AND t.service_id = ANY(v_services)
                ORDER BY choice.rank LIMIT 1 FOR UPDATE OF t, lead SKIP LOCKED),
             called AS (
               UPDATE tickets t SET status = 'called', called_at = p_at, counter_id = p_counter, agent_id = p_agent, recall_count = 0,
                      started_at = NULL, updated_at = now()
                 FROM claimed WHERE t.id = claimed.id RETURNING t.*),
             -- The rest of the chosen ticket's group, to the same counter (nothing for a ticket alone).
             companions AS (
               UPDATE tickets t SET status = 'called', called_at = p_at, counter_id = p_counter, agent_id = p_agent, recall_count = 0,
                      started_at = NULL, updated_at = now()
                 FROM claimed
                WHERE claimed.group_ticket_id IS NOT NULL AND t.group_ticket_id = claimed.group_ticket_id AND t.id <> claimed.id
                  AND t.status = 'waiting'
               RETURNING t.id, t.service_id, t.preferential),
             event AS (
               INSERT INTO ticket_events (ticket_id, office_id, type, at, counter_id, agent_id, details)
               SELECT called.id, p_office, 'called', p_at, p_counter, p_agent,
                      jsonb_build_object('serviceId', called.service_id, 'preferential', called.preferential, 'reason', claimed.reason)
                 FROM called JOIN claimed ON claimed.id = called.id
               UNION ALL
               SELECT companions.id, p_office, 'called', p_at, p_counter, p_agent,
                      jsonb_build_object('serviceId', companions.service_id, 'preferential', companions.preferential, 'reason', claimed.reason,
                                         'withTicket', claimed.id)
                 FROM companions CROSS JOIN claimed)
        SELECT * INTO v_ticket FROM called;
        IF v_ticket.id IS NULL THEN
          RETURN QUERY SELECT 'taken'::text, NULL::uuid, NULL::text, NULL::text, NULL::tickets;
        ELSE
          RETURN QUERY SELECT 'called'::text, NULL::uuid, NULL::text, NULL::text, v_ticket;
        END IF;
      END $$`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(CALL_FIRST_FREE_BEFORE);
    await queryRunner.query(`DROP INDEX "public"."ix_tickets_group"`);
    await queryRunner.query(`ALTER TABLE "tickets" DROP CONSTRAINT "ck_tickets_party_size"`);
    await queryRunner.query(`ALTER TABLE "tickets" DROP COLUMN "group_ticket_id"`);
    await queryRunner.query(`ALTER TABLE "tickets" DROP COLUMN "party_size"`);
  }
}
