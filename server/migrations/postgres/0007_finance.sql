-- Finance (PostgreSQL). Same tables, columns and numbering as ../sqlite/0007_finance.sql.
-- Payments matched to orders, bill files and their lines, expenses, closed months, and the
-- totals kept as orders ship. Money is integer fen, times UTC epoch ms, days business days
-- (Asia/Shanghai) as in app::time.

-- Bill files imported (F2). A file is known by its SHA-256: importing it again changes nothing.
CREATE TABLE bill_imports (
    id            BIGSERIAL PRIMARY KEY,
    provider      TEXT    NOT NULL CHECK (provider IN ('wechat', 'alipay', 'bank')),
    format        TEXT    NOT NULL,
    file_name     TEXT    NOT NULL,
    file_sha256   TEXT    NOT NULL UNIQUE,
    lines_total   BIGINT NOT NULL,
    lines_new     BIGINT NOT NULL,
    payments_new  BIGINT NOT NULL,
    matched       BIGINT NOT NULL,
    first_at      BIGINT,
    last_at       BIGINT,
    created_by    BIGINT REFERENCES users (id),
    created_at    BIGINT NOT NULL
);

-- Payments (F1) and the refunds bill files show. A refund points at the payment it returns
-- and follows its order. The key of a provider's transaction is (method, txn_no).
CREATE TABLE payments (
    id             BIGSERIAL PRIMARY KEY,
    kind           TEXT    NOT NULL CHECK (kind IN ('payment', 'refund')),
    method         TEXT    NOT NULL CHECK (method IN ('wechat', 'alipay', 'bank', 'cash')),
    amount_fen     BIGINT NOT NULL CHECK (amount_fen > 0),
    fee_fen        BIGINT NOT NULL DEFAULT 0,
    payer          TEXT    NOT NULL DEFAULT '',
    payer_account  TEXT    NOT NULL DEFAULT '',
    txn_no         TEXT,
    reference      TEXT    NOT NULL DEFAULT '',
    note           TEXT    NOT NULL DEFAULT '',
    paid_at        BIGINT NOT NULL,
    -- The business day it counts in: its own, or the first day of the next open month when
    -- its month was closed before it arrived (an adjustment).
    book_day       BIGINT NOT NULL,
    state          TEXT    NOT NULL CHECK (state IN ('unmatched', 'ambiguous', 'matched')),
    order_id       BIGINT REFERENCES orders (id),
    refund_of      BIGINT REFERENCES payments (id),
    match_kind     TEXT    CHECK (match_kind IN ('reference', 'scored', 'manual', 'refund')),
    -- Why it matched (JSON of app::finance::MatchReason).
    match_reason   TEXT    NOT NULL DEFAULT '',
    matched_by     BIGINT REFERENCES users (id),
    matched_at     BIGINT,
    import_id      BIGINT REFERENCES bill_imports (id),
    created_by     BIGINT REFERENCES users (id),
    created_at     BIGINT NOT NULL,
    UNIQUE (method, txn_no),
    CHECK ((state = 'matched') = (order_id IS NOT NULL))
);
-- Lists by payment time; the open ones and the refunds are few, so their indexes are partial
-- (an import of 50,000 payments maintains five indexes, not seven).
CREATE INDEX payments_paid ON payments (paid_at, id);
CREATE INDEX payments_open ON payments (paid_at, id) WHERE state <> 'matched';
CREATE INDEX payments_refunds ON payments (paid_at, id) WHERE kind = 'refund';
CREATE INDEX payments_order ON payments (order_id);
CREATE INDEX payments_refund_of ON payments (refund_of) WHERE refund_of IS NOT NULL;
-- Cash per day and method, read from the index alone.
CREATE INDEX payments_book ON payments (book_day, method, kind, amount_fen);

-- Every line of every imported bill, once (key: provider + transaction number), linked to the
-- payment it recorded or confirmed.
CREATE TABLE bill_lines (
    id                 BIGSERIAL PRIMARY KEY,
    import_id          BIGINT NOT NULL REFERENCES bill_imports (id),
    provider           TEXT    NOT NULL CHECK (provider IN ('wechat', 'alipay', 'bank')),
    txn_no             TEXT    NOT NULL,
    direction          TEXT    NOT NULL CHECK (direction IN ('income', 'expense', 'refund', 'other')),
    amount_fen         BIGINT NOT NULL CHECK (amount_fen >= 0),
    fee_fen            BIGINT NOT NULL,
    at                 BIGINT NOT NULL,
    day                BIGINT NOT NULL,
    counterparty       TEXT    NOT NULL DEFAULT '',
    merchant_order_no  TEXT,
    status             TEXT    NOT NULL DEFAULT '',
    refund_of_txn      TEXT,
    payment_id         BIGINT REFERENCES payments (id),
    raw_row            BIGINT NOT NULL,
    UNIQUE (provider, txn_no)
);
CREATE INDEX bill_lines_day ON bill_lines (provider, day);
CREATE INDEX bill_lines_payment ON bill_lines (payment_id);

-- Saved column mappings of bank statements (JSON of app::finance::bills::BankMapping).
CREATE TABLE bank_mappings (
    id          BIGSERIAL PRIMARY KEY,
    name        TEXT    NOT NULL UNIQUE,
    mapping     TEXT    NOT NULL,
    created_by  BIGINT REFERENCES users (id),
    created_at  BIGINT NOT NULL
);

-- Uploaded files waiting for their import (preview, then commit); purged after a day.
CREATE TABLE finance_uploads (
    token       TEXT    PRIMARY KEY,
    user_id     BIGINT NOT NULL REFERENCES users (id),
    kind        TEXT    NOT NULL CHECK (kind IN ('bill', 'expenses')),
    file_name   TEXT    NOT NULL,
    content     BYTEA   NOT NULL,
    sha256      TEXT    NOT NULL,
    created_at  BIGINT NOT NULL
);

-- Expense categories (F3): built-in ones carry a code (labels in both languages), the team
-- adds its own.
CREATE TABLE expense_categories (
    id          BIGSERIAL PRIMARY KEY,
    code        TEXT    UNIQUE,
    name        TEXT    NOT NULL UNIQUE,
    created_at  BIGINT NOT NULL
);
INSERT INTO expense_categories (code, name, created_at) VALUES
    ('freight', '运费', 0), ('packaging', '包材', 0), ('promotion', '推广', 0), ('salary', '工资', 0),
    ('rent', '房租', 0), ('payment_fees', '平台手续费', 0), ('other', '其他', 0);

-- Expenses: by hand, imported from a sheet, or the payment fees of a bill file (one row per
-- import and day; negative when a bill returned more fees than it charged).
CREATE TABLE expenses (
    id           BIGSERIAL PRIMARY KEY,
    category_id  BIGINT NOT NULL REFERENCES expense_categories (id),
    amount_fen   BIGINT NOT NULL CHECK (amount_fen <> 0),
    spent_at     BIGINT NOT NULL,
    book_day     BIGINT NOT NULL,
    note         TEXT    NOT NULL DEFAULT '',
    source       TEXT    NOT NULL CHECK (source IN ('manual', 'import', 'bill_fee')),
    import_id    BIGINT REFERENCES bill_imports (id),
    created_by   BIGINT REFERENCES users (id),
    created_at   BIGINT NOT NULL
);
CREATE INDEX expenses_book ON expenses (book_day, id);
CREATE INDEX expenses_spent ON expenses (spent_at, id);

-- Closed months (first business day of the month) and their P&L as closed.
CREATE TABLE closed_periods (
    month_start    BIGINT PRIMARY KEY,
    revenue_fen    BIGINT NOT NULL,
    refunds_fen    BIGINT NOT NULL,
    cogs_fen       BIGINT NOT NULL,
    expenses_fen   BIGINT NOT NULL,
    net_fen        BIGINT NOT NULL,
    closed_by      BIGINT REFERENCES users (id),
    closed_at      BIGINT NOT NULL
);

-- Totals per business day, added to in the transaction that ships an order (revenue at
-- shipment, the cost recorded on its shipment movements). `server check` compares them with
-- a scan of the orders and the ledger.
CREATE TABLE finance_days (
    day             BIGINT PRIMARY KEY,
    revenue_fen     BIGINT NOT NULL DEFAULT 0,
    shipped_orders  BIGINT NOT NULL DEFAULT 0,
    cogs_fen        BIGINT NOT NULL DEFAULT 0
);

-- Money per order: what matched payments paid, what bill refunds returned, when it shipped,
-- whether it is a receivable (shipped and paid less than its total) and what it still owes.
CREATE TABLE order_balances (
    order_id      BIGINT PRIMARY KEY REFERENCES orders (id),
    paid_fen      BIGINT NOT NULL DEFAULT 0,
    refunded_fen  BIGINT NOT NULL DEFAULT 0,
    payments      BIGINT NOT NULL DEFAULT 0,
    shipped_at    BIGINT,
    receivable    BIGINT NOT NULL DEFAULT 0,
    due_fen       BIGINT NOT NULL DEFAULT 0
);
CREATE INDEX order_balances_receivable ON order_balances (receivable, shipped_at);
CREATE INDEX order_balances_due ON order_balances (receivable, due_fen);
