import { Migration } from "@medusajs/framework/mikro-orm/migrations"

/**
 * One earn or spend as one statement: `kapy_ledger_write` does what
 * `LedgerWriter.withLockedAccount` + `move` did in 5 round trips inside
 * BEGIN/COMMIT, so the account's row lock is held for one statement (and,
 * outside a caller's transaction, released by that statement's commit).
 *
 * In order, as the multi-statement path did it:
 * 1. lock the account that stands for `p_account_id` (`SELECT … FOR
 *    UPDATE`, following merges: a merged row is locked first, then the one
 *    it went into; at most 8 hops, as `MAX_MERGE_HOPS`);
 * 2. refuse a closed account;
 * 3. look the idempotency key up (`findKeyState`): a standing entry of the
 *    scope is a replay — refused when it is another member's (after
 *    merges) or recorded another change than `p_expected` — and an entry
 *    voided by compensation counts as not done, the write is stored under
 *    the scope's next attempt (`key#2`, `kapy_attempt_key`);
 * 4. a debit (`p_take` points): refused when the balance is smaller, else
 *    the lots are consumed (soonest-expiring, then oldest first, as
 *    `consumeLots`); lots holding less than `p_take` are a drift: raised
 *    as SQLSTATE KL001, DETAIL `{ account_id, taken }` (the statement rolls
 *    back);
 * 5. the totals move by the entry's deltas, the entry is written with the
 *    balances after, a credit's lot (`p_lot`) is written holding what is
 *    left after paying a debt (`kapy_credit_lot_remaining`).
 *
 * The deltas and everything the entry says come from the caller
 * (`p_entry`, computed with src/rules/ledger.ts); refusals are answered as
 * an outcome, not raised, so a caller's transaction stays usable and the
 * caller words the error with the same rule functions as before. The SQL
 * copies of rules are tested against them in
 * __tests__/ledger-statement.spec.ts.
 *
 * Answer (jsonb): `{ outcome: "written" | "replayed", entry, account }` (the
 * account with its `customer_id`), or `{ outcome: "not_found" |
 * "merge_loop" | "another_account" }`, `{ outcome: "closed", account_id }`,
 * `{ outcome: "key_reused", recorded }`, `{ outcome: "short", balance }`.
 */
export class Migration20261208000100 extends Migration {
  override async up(): Promise<void> {
    this.addSql(`
      CREATE OR REPLACE FUNCTION kapy_credit_lot_remaining(points integer, status text, balance_before integer) RETURNS integer
        LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
          SELECT CASE WHEN status = 'pending' THEN points
                      ELSE points - LEAST(points, GREATEST(0, -balance_before)) END
        $$;
    `)
    this.addSql(`
      CREATE OR REPLACE FUNCTION kapy_attempt_key(scope text, attempts integer) RETURNS text
        LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
          SELECT CASE WHEN attempts > 0 THEN scope || '#' || (attempts + 1) ELSE scope END
        $$;
    `)
    this.addSql(`
      CREATE OR REPLACE FUNCTION kapy_ledger_write(
        p_account_id text,
        p_scope text,
        p_expected integer,
        p_take integer,
        p_entry jsonb,
        p_lot jsonb
      ) RETURNS jsonb
      LANGUAGE plpgsql AS $fn$
      DECLARE
        v_id text := p_account_id;
        v_account kapy_account;
        v_live boolean := false;
        v_found kapy_ledger_entry;
        v_standing text;
        v_status text;
        v_next text;
        v_attempts integer := 0;
        v_taken integer;
        v_draft kapy_ledger_entry;
        v_after kapy_account;
        v_entry kapy_ledger_entry;
        v_lot_status text;
      BEGIN
        -- 1. the account that stands for p_account_id, locked
        FOR hop IN 0..8 LOOP
          SELECT * INTO v_account FROM kapy_account a WHERE a.id = v_id AND a.deleted_at IS NULL FOR UPDATE;
          IF NOT FOUND THEN
            RETURN jsonb_build_object('outcome', 'not_found');
          END IF;
          IF v_account.status <> 'merged' OR v_account.merged_into_id IS NULL THEN
            v_live := true;
            EXIT;
          END IF;
          v_id := v_account.merged_into_id;
        END LOOP;
        IF NOT v_live THEN
          RETURN jsonb_build_object('outcome', 'merge_loop');
        END IF;

        -- 2. a closed account takes no writes, not even a replay
        IF v_account.status = 'closed' THEN
          RETURN jsonb_build_object('outcome', 'closed', 'account_id', v_account.id);
        END IF;

        -- 3. what the key has done, under the lock
        SELECT * INTO v_found FROM kapy_ledger_entry e
         WHERE e.idempotency_scope = p_scope AND e.deleted_at IS NULL
         ORDER BY e.created_at DESC, e.id DESC
         LIMIT 1;
        IF FOUND THEN
          IF NOT EXISTS (SELECT 1 FROM kapy_ledger_entry v WHERE v.voids_entry_id = v_found.id AND v.deleted_at IS NULL) THEN
            IF v_found.account_id <> v_account.id THEN
              -- written before a merge on an account that went into this one? (followMerges, no lock)
              v_standing := v_found.account_id;
              FOR hop IN 0..8 LOOP
                SELECT a.status, a.merged_into_id INTO v_status, v_next FROM kapy_account a WHERE a.id = v_standing AND a.deleted_at IS NULL;
                IF NOT FOUND THEN
                  v_standing := NULL;
                  EXIT;
                END IF;
                EXIT WHEN v_status <> 'merged' OR v_next IS NULL OR hop = 8;
                v_standing := v_next;
              END LOOP;
              IF v_standing IS DISTINCT FROM v_account.id THEN
                RETURN jsonb_build_object('outcome', 'another_account');
              END IF;
            END IF;
            IF p_expected IS NOT NULL AND v_found.points <> p_expected THEN
              RETURN jsonb_build_object('outcome', 'key_reused', 'recorded', v_found.points);
            END IF;
            RETURN jsonb_build_object(
              'outcome', 'replayed',
              'entry', to_jsonb(v_found),
              'account', to_jsonb(v_account) || jsonb_build_object('customer_id',
                (SELECT i.external_id FROM kapy_account_identity i
                  WHERE i.account_id = v_account.id AND i.provider = 'medusa' AND i.deleted_at IS NULL
                  ORDER BY i.created_at, i.id LIMIT 1)));
          END IF;
          SELECT COUNT(*) INTO v_attempts FROM kapy_ledger_entry c
           WHERE c.idempotency_scope = p_scope AND c.deleted_at IS NULL;
        END IF;

        -- 4. a debit: never below zero, taken from the lots
        IF p_take IS NOT NULL THEN
          IF v_account.points_balance < p_take THEN
            RETURN jsonb_build_object('outcome', 'short', 'balance', v_account.points_balance);
          END IF;
          WITH candidates AS (
            SELECT l.id, l.remaining, l.expires_at, l.created_at
              FROM kapy_points_lot l
             WHERE l.account_id = v_account.id AND l.status = 'available' AND l.remaining > 0 AND l.deleted_at IS NULL
             ORDER BY l.expires_at ASC NULLS LAST, l.created_at ASC, l.id ASC
             LIMIT p_take
          ), ordered AS (
            SELECT c.id, c.remaining,
                   SUM(c.remaining) OVER (ORDER BY c.expires_at ASC NULLS LAST, c.created_at ASC, c.id ASC) AS running
              FROM candidates c
          ), took AS (
            UPDATE kapy_points_lot AS lot
               SET remaining = LEAST(o.remaining, GREATEST(0, o.running - p_take)),
                   updated_at = now()
              FROM ordered o
             WHERE lot.id = o.id AND o.running - o.remaining < p_take
            RETURNING o.remaining - lot.remaining AS taken
          )
          SELECT COALESCE(SUM(t.taken), 0) INTO v_taken FROM took t;
          IF v_taken <> p_take THEN
            RAISE EXCEPTION 'Loyalty account %: its lots hold % of the % points to take; run the reconcile command', v_account.id, v_taken, p_take
              USING ERRCODE = 'KL001', DETAIL = jsonb_build_object('account_id', v_account.id, 'taken', v_taken)::text;
          END IF;
        END IF;

        -- 5. totals, entry, lot
        v_draft := jsonb_populate_record(NULL::kapy_ledger_entry, p_entry);
        UPDATE kapy_account a
           SET points_balance = a.points_balance + v_draft.available_delta,
               points_pending = a.points_pending + v_draft.pending_delta,
               lifetime_points = a.lifetime_points + v_draft.lifetime_delta,
               lifetime_redeemed = a.lifetime_redeemed + v_draft.redeemed_delta,
               updated_at = now()
         WHERE a.id = v_account.id
        RETURNING a.* INTO v_after;
        INSERT INTO kapy_ledger_entry (
          id, account_id, reason, points, available_delta, pending_delta, lifetime_delta, redeemed_delta,
          balance_after, pending_after, idempotency_key, idempotency_scope, voids_entry_id, source_type,
          source_id, origin_entry_id, actor_type, actor_id, note, sales_channel_id, currency_code, metadata
        ) VALUES (
          v_draft.id, v_account.id, v_draft.reason, v_draft.available_delta + v_draft.pending_delta,
          v_draft.available_delta, v_draft.pending_delta, v_draft.lifetime_delta, v_draft.redeemed_delta,
          v_after.points_balance, v_after.points_pending, kapy_attempt_key(p_scope, v_attempts), p_scope,
          v_draft.voids_entry_id, v_draft.source_type, v_draft.source_id, v_draft.origin_entry_id,
          v_draft.actor_type, v_draft.actor_id, v_draft.note, v_draft.sales_channel_id, v_draft.currency_code,
          v_draft.metadata
        )
        RETURNING * INTO v_entry;
        IF p_lot IS NOT NULL THEN
          v_lot_status := p_lot->>'status';
          INSERT INTO kapy_points_lot (id, account_id, entry_id, status, points, remaining, available_at, expires_at)
          VALUES (
            p_lot->>'id', v_account.id, v_entry.id, v_lot_status, v_entry.points,
            kapy_credit_lot_remaining(v_entry.points, v_lot_status, v_account.points_balance),
            (p_lot->>'available_at')::timestamptz, (p_lot->>'expires_at')::timestamptz
          );
        END IF;
        RETURN jsonb_build_object(
          'outcome', 'written',
          'entry', to_jsonb(v_entry),
          'account', to_jsonb(v_after) || jsonb_build_object('customer_id',
            (SELECT i.external_id FROM kapy_account_identity i
              WHERE i.account_id = v_account.id AND i.provider = 'medusa' AND i.deleted_at IS NULL
              ORDER BY i.created_at, i.id LIMIT 1)));
      END;
      $fn$;
    `)
  }

  override async down(): Promise<void> {
    this.addSql(`DROP FUNCTION IF EXISTS kapy_ledger_write(text, text, integer, integer, jsonb, jsonb);`)
    this.addSql(`DROP FUNCTION IF EXISTS kapy_attempt_key(text, integer);`)
    this.addSql(`DROP FUNCTION IF EXISTS kapy_credit_lot_remaining(integer, text, integer);`)
  }
}
