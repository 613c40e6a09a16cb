-- Tax (SQLite). Same tables, columns and numbering as ../postgres/0009_tax.sql.
-- Money is integer fen; times are UTC epoch milliseconds (dates: the business day's start);
-- rates are stored exactly as codes ('13', '9', '6', '5', '3', '1', '0', 'exempt').

-- The company as taxpayer and seller: one row.
CREATE TABLE tax_profile (
    id                   INTEGER PRIMARY KEY CHECK (id = 1),
    taxpayer_type        TEXT    NOT NULL CHECK (taxpayer_type IN ('small_scale', 'general')),
    name                 TEXT    NOT NULL,
    tax_id               TEXT    NOT NULL,
    address              TEXT    NOT NULL DEFAULT '',
    phone                TEXT    NOT NULL DEFAULT '',
    bank                 TEXT    NOT NULL DEFAULT '',
    bank_account         TEXT    NOT NULL DEFAULT '',
    city_tier            TEXT    NOT NULL CHECK (city_tier IN ('urban', 'county_town', 'other')),
    individual_business  INTEGER NOT NULL DEFAULT 0,
    surcharge_relief     INTEGER NOT NULL DEFAULT 0,
    -- 'YYYY-MM': a general taxpayer's credit is chained month by month from here.
    credit_month         TEXT    NOT NULL,
    opening_credit_fen   INTEGER NOT NULL DEFAULT 0 CHECK (opening_credit_fen >= 0),
    updated_by           INTEGER REFERENCES users (id),
    updated_at           INTEGER NOT NULL
);

-- Tax settings per product (税收分类编码, its short name, rate, unit); names stay in products.
CREATE TABLE tax_products (
    product_id  INTEGER PRIMARY KEY REFERENCES products (id),
    tax_code    TEXT    NOT NULL CHECK (length(tax_code) = 19),
    short_name  TEXT    NOT NULL,
    rate        TEXT    NOT NULL CHECK (rate IN ('13', '9', '6', '5', '3', '1', '0', 'exempt')),
    simplified  INTEGER NOT NULL DEFAULT 0,
    unit        TEXT    NOT NULL DEFAULT '',
    updated_by  INTEGER REFERENCES users (id),
    updated_at  INTEGER NOT NULL
);

-- Dated VAT rules (valid_from/valid_to inclusive, 'YYYY-MM-DD'); later rows of a kind
-- override earlier ones on overlapping days. Seeded below with the rules the tax logic
-- was written against (TaxPolicy::builtin; a test keeps the two equal).
CREATE TABLE tax_policy (
    id             INTEGER PRIMARY KEY AUTOINCREMENT,
    kind           TEXT    NOT NULL CHECK (kind IN ('reduced_levy', 'exemption', 'surcharge_relief', 'education_exemption')),
    valid_from     TEXT    NOT NULL,
    valid_to       TEXT,
    rate           TEXT,
    monthly_fen    INTEGER,
    quarterly_fen  INTEGER,
    percent        INTEGER,
    source         TEXT    NOT NULL
);

-- Output invoices (数电票), blue and red-letter. Prepared here (pending), issued on the tax
-- bureau's platform, then recorded with their 20-digit number and date (issued).
CREATE TABLE invoices (
    id                    INTEGER PRIMARY KEY AUTOINCREMENT,
    kind                  TEXT    NOT NULL CHECK (kind IN ('special', 'ordinary')),
    status                TEXT    NOT NULL CHECK (status IN ('pending', 'issued', 'reversed')),
    number                TEXT    UNIQUE,
    issued_at             INTEGER,
    red_of                INTEGER REFERENCES invoices (id),
    red_reason            TEXT    CHECK (red_reason IS NULL OR red_reason IN ('invoicing_error', 'sales_return', 'service_stopped', 'sales_allowance')),
    taxpayer_type         TEXT    NOT NULL CHECK (taxpayer_type IN ('small_scale', 'general')),
    seller_name           TEXT    NOT NULL,
    seller_tax_id         TEXT    NOT NULL,
    buyer_name            TEXT    NOT NULL,
    buyer_tax_id          TEXT    NOT NULL DEFAULT '',
    buyer_address_phone   TEXT    NOT NULL DEFAULT '',
    buyer_bank_account    TEXT    NOT NULL DEFAULT '',
    buyer_natural_person  INTEGER NOT NULL DEFAULT 0,
    amount_fen            INTEGER NOT NULL,
    tax_fen               INTEGER NOT NULL,
    gross_fen             INTEGER NOT NULL,
    note                  TEXT    NOT NULL DEFAULT '',
    created_by            INTEGER REFERENCES users (id),
    created_at            INTEGER NOT NULL,
    updated_at            INTEGER NOT NULL,
    CHECK (amount_fen + tax_fen = gross_fen),
    CHECK ((status = 'pending') = (number IS NULL)),
    CHECK ((number IS NULL) = (issued_at IS NULL))
);
CREATE INDEX invoices_created ON invoices (created_at);
CREATE INDEX invoices_issued ON invoices (issued_at);
CREATE INDEX invoices_red_of ON invoices (red_of);

-- Lines as printed: quantity and unit price (excluding tax) are exact decimal text.
CREATE TABLE invoice_lines (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    invoice_id  INTEGER NOT NULL REFERENCES invoices (id),
    line_no     INTEGER NOT NULL,
    -- On a red-letter invoice: the line of the original it reverses.
    orig_line   INTEGER,
    product_id  INTEGER REFERENCES products (id),
    item_name   TEXT    NOT NULL,
    spec        TEXT    NOT NULL DEFAULT '',
    unit        TEXT    NOT NULL DEFAULT '',
    qty         TEXT,
    unit_price  TEXT,
    rate        TEXT    NOT NULL CHECK (rate IN ('13', '9', '6', '5', '3', '1', '0', 'exempt')),
    tax_code    TEXT    NOT NULL,
    simplified  INTEGER NOT NULL DEFAULT 0,
    amount_fen  INTEGER NOT NULL,
    tax_fen     INTEGER NOT NULL,
    gross_fen   INTEGER NOT NULL,
    CHECK (amount_fen + tax_fen = gross_fen),
    UNIQUE (invoice_id, line_no)
);

-- The orders an invoice was made from, with each one's 价税合计 on it (negative on the
-- red-letter invoice of a full reversal).
CREATE TABLE invoice_orders (
    invoice_id  INTEGER NOT NULL REFERENCES invoices (id),
    order_id    INTEGER NOT NULL REFERENCES orders (id),
    gross_fen   INTEGER NOT NULL,
    PRIMARY KEY (invoice_id, order_id)
);
CREATE INDEX invoice_orders_order ON invoice_orders (order_id);

-- How much of each order is invoiced: blue invoices (pending or issued) minus issued full
-- reversals, kept in the same transaction. The conditional UPDATE that raises it refuses to
-- pass the order's amount, so concurrent invoices cannot over-invoice an order.
CREATE TABLE invoiced_orders (
    order_id      INTEGER PRIMARY KEY REFERENCES orders (id),
    invoiced_fen  INTEGER NOT NULL CHECK (invoiced_fen >= 0)
);

-- Input invoices (进项), recorded by hand or from a purchase receipt. Deductible ones count
-- in the period of their 勾选/认证 date.
CREATE TABLE input_invoices (
    id             INTEGER PRIMARY KEY AUTOINCREMENT,
    kind           TEXT    NOT NULL CHECK (kind IN ('special', 'ordinary')),
    seller_name    TEXT    NOT NULL,
    seller_tax_id  TEXT    NOT NULL,
    number         TEXT    NOT NULL,
    issued_at      INTEGER NOT NULL,
    amount_fen     INTEGER NOT NULL CHECK (amount_fen > 0),
    tax_fen        INTEGER NOT NULL CHECK (tax_fen >= 0),
    deductible     INTEGER NOT NULL DEFAULT 0,
    selected_at    INTEGER,
    receipt_id     INTEGER,
    note           TEXT    NOT NULL DEFAULT '',
    created_by     INTEGER REFERENCES users (id),
    created_at     INTEGER NOT NULL,
    UNIQUE (seller_tax_id, number),
    CHECK (deductible = 0 OR selected_at IS NOT NULL)
);
CREATE INDEX input_invoices_created ON input_invoices (created_at);
CREATE INDEX input_invoices_selected ON input_invoices (selected_at);

INSERT INTO tax_policy (kind, valid_from, valid_to, rate, monthly_fen, quarterly_fen, percent, source) VALUES
    ('education_exemption', '2016-02-01', NULL, NULL, 10000000, 30000000, NULL, '财税〔2016〕12号'),
    ('exemption', '2019-01-01', '2021-03-31', NULL, 10000000, 30000000, NULL, '财税〔2019〕13号'),
    ('exemption', '2021-04-01', '2022-12-31', NULL, 15000000, 45000000, NULL, '财政部 税务总局公告2021年第11号'),
    ('exemption', '2023-01-01', '2027-12-31', NULL, 10000000, 30000000, NULL, '财政部 税务总局公告2023年第1号、2023年第19号'),
    ('reduced_levy', '2023-01-01', '2027-12-31', '1', NULL, NULL, NULL, '财政部 税务总局公告2023年第1号、2023年第19号'),
    ('surcharge_relief', '2022-01-01', '2027-12-31', NULL, NULL, NULL, 50, '财政部 税务总局公告2022年第10号、2023年第12号');
