-- Commissions (SQLite). Same tables, columns and numbering as ../postgres/0008_commissions.sql.
-- Money is integer fen, times UTC epoch ms; rates are basis points of the whole (5% = 500);
-- months are numbers such as 202611; days are business days since 1970-01-01 (Asia/Shanghai).

-- A rule set takes effect on a business day and governs the orders placed from then on, until
-- the next set's day. A set that governs a closed month never changes again.
CREATE TABLE commission_rule_sets (
    id             INTEGER PRIMARY KEY AUTOINCREMENT,
    effective_day  INTEGER NOT NULL UNIQUE,
    mode           TEXT    NOT NULL CHECK (mode IN ('whole_amount', 'marginal')),
    accrue_on      TEXT    NOT NULL CHECK (accrue_on IN ('shipped', 'completed')),
    note           TEXT    NOT NULL DEFAULT '',
    created_by     INTEGER REFERENCES users (id),
    created_at     INTEGER NOT NULL,
    updated_at     INTEGER NOT NULL
);

-- A set's rates: tiers (seq = tier index, from_fen = threshold of own monthly sales), override
-- levels (seq = level 1–3), and category or product rates that replace the tier rate.
CREATE TABLE commission_rates (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    rule_set_id  INTEGER NOT NULL REFERENCES commission_rule_sets (id),
    kind         TEXT    NOT NULL CHECK (kind IN ('tier', 'override', 'category', 'product')),
    seq          INTEGER NOT NULL,
    from_fen     INTEGER NOT NULL DEFAULT 0,
    category     TEXT,
    product_id   INTEGER REFERENCES products (id),
    rate_bp      INTEGER NOT NULL CHECK (rate_bp >= 0 AND rate_bp <= 5000)
);
CREATE INDEX commission_rates_set ON commission_rates (rule_set_id, kind, seq);

-- A month that has been run: a draft until the boss approves it (closed, never changed again).
-- The digest fingerprints its lines, so a re-run that changes nothing writes nothing.
CREATE TABLE commission_months (
    month            INTEGER PRIMARY KEY,
    status           TEXT    NOT NULL CHECK (status IN ('draft', 'closed')),
    digest           TEXT    NOT NULL,
    statement_count  INTEGER NOT NULL,
    line_count       INTEGER NOT NULL,
    total_fen        INTEGER NOT NULL,
    run_by           INTEGER REFERENCES users (id),
    run_at           INTEGER NOT NULL,
    closed_by        INTEGER REFERENCES users (id),
    closed_at        INTEGER
);

-- One statement per agent and month (草稿 → 已确认 → 已发放). Its figures are sums of its
-- lines; the groups add up to the total (checked here, and against the lines by `server check`).
CREATE TABLE commission_statements (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    month           INTEGER NOT NULL REFERENCES commission_months (month),
    agent_id        INTEGER NOT NULL REFERENCES users (id),
    status          TEXT    NOT NULL CHECK (status IN ('draft', 'confirmed', 'paid')),
    volume_fen      INTEGER NOT NULL,
    own_fen         INTEGER NOT NULL,
    adjustment_fen  INTEGER NOT NULL,
    level1_fen      INTEGER NOT NULL,
    level2_fen      INTEGER NOT NULL,
    level3_fen      INTEGER NOT NULL,
    previous_fen    INTEGER NOT NULL,
    total_fen       INTEGER NOT NULL,
    line_count      INTEGER NOT NULL,
    tier_no         INTEGER,
    tier_rate_bp    INTEGER,
    confirmed_by    INTEGER REFERENCES users (id),
    confirmed_at    INTEGER,
    paid_method     TEXT    CHECK (paid_method IN ('bank', 'wechat', 'alipay', 'cash')),
    paid_ref        TEXT,
    paid_day        INTEGER,
    paid_by         INTEGER REFERENCES users (id),
    paid_at         INTEGER,
    updated_at      INTEGER NOT NULL,
    UNIQUE (month, agent_id),
    CHECK (total_fen = own_fen + adjustment_fen + level1_fen + level2_fen + level3_fen + previous_fen),
    CHECK (status <> 'paid' OR (paid_method IS NOT NULL AND paid_day IS NOT NULL))
);
CREATE INDEX commission_statements_agent ON commission_statements (agent_id, month, id);
CREATE INDEX commission_statements_month_total ON commission_statements (month, total_fen, id);

-- Commission lines: accruals, clawbacks (negative, in the month of the refund or cancellation)
-- and one month-end tier adjustment per agent. A month's lines are replaced as a whole by a
-- re-run while the month is a draft.
CREATE TABLE commission_lines (
    id             INTEGER PRIMARY KEY AUTOINCREMENT,
    month          INTEGER NOT NULL REFERENCES commission_months (month),
    accrued_month  INTEGER NOT NULL,
    agent_id       INTEGER NOT NULL REFERENCES users (id),
    seller_id      INTEGER REFERENCES users (id),
    order_id       INTEGER REFERENCES orders (id),
    level          INTEGER NOT NULL CHECK (level BETWEEN 0 AND 3),
    kind           TEXT    NOT NULL CHECK (kind IN ('accrual', 'clawback', 'tier_adjustment')),
    source         TEXT    NOT NULL CHECK (source IN ('tier', 'category', 'product', 'override', 'settlement')),
    source_key     TEXT    NOT NULL DEFAULT '',
    refund_id      INTEGER,
    rule_set_id    INTEGER REFERENCES commission_rule_sets (id),
    at             INTEGER NOT NULL,
    base_fen       INTEGER NOT NULL,
    rate_bp        INTEGER NOT NULL,
    amount_fen     INTEGER NOT NULL
);
CREATE INDEX commission_lines_month_agent ON commission_lines (month, agent_id);
CREATE INDEX commission_lines_order ON commission_lines (order_id);

-- Month end reads a month's shipments, completions and cancellations by status and time.
CREATE INDEX order_events_status_at ON order_events (to_status, at);
