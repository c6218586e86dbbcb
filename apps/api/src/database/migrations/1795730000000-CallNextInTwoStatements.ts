import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * call-next in two autocommitted statements instead of a five-statement transaction
 * (docs/architecture.md, "Queue"): the API reads what the policy decides from without any lock,
 * chooses, and `call_first_free(...)` then
 * - locks the counter's session (one call at a time per counter) and refuses when it is closed
 *   ('closed') or, read after the lock, when the counter still holds a ticket it called ('busy');
 * - claims the first of the policy's successive choices that is still waiting, of a service the
 *   session serves, and that no other counter is claiming (FOR UPDATE SKIP LOCKED), marks it
 *   called here and records its 'called' event with the policy's reason; 'taken' when every choice
 *   is gone (the API chooses again among the rest).
 * Being VOLATILE, each statement inside sees what committed before it started, so the busy check
 * after the session lock sees a call this counter committed while the lock was awaited.
 */
export class CallNextInTwoStatements1795730000000 implements MigrationInterface {
  name = 'CallNextInTwoStatements1795730000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE FUNCTION call_first_free(
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
      END $$`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP FUNCTION call_first_free(uuid, uuid, date, uuid[], text[], timestamptz, uuid)`);
  }
}
