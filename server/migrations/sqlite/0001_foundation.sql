-- Foundation schema (SQLite). Same tables, columns and numbering as ../postgres.
-- Money is integer fen; times are UTC epoch milliseconds; see DESIGN.md "Data".

-- People: the boss, agents (with an optional parent agent), warehouse and finance staff.
CREATE TABLE users (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    username      TEXT    NOT NULL UNIQUE,
    display_name  TEXT    NOT NULL,
    password_hash TEXT    NOT NULL,
    role          TEXT    NOT NULL CHECK (role IN ('boss', 'agent', 'warehouse', 'finance')),
    parent_id     INTEGER REFERENCES users (id),
    mobile        TEXT,
    lang          TEXT    NOT NULL DEFAULT 'zh-CN',
    active        INTEGER NOT NULL DEFAULT 1,
    created_at    INTEGER NOT NULL
);
CREATE INDEX users_parent ON users (parent_id);

-- Login sessions; the cookie holds a random token, the table only its SHA-256.
CREATE TABLE sessions (
    token_hash  TEXT    PRIMARY KEY,
    user_id     INTEGER NOT NULL REFERENCES users (id),
    created_at  INTEGER NOT NULL,
    expires_at  INTEGER NOT NULL
);
CREATE INDEX sessions_user ON sessions (user_id);

-- Failed sign-ins, for throttling; cleared on success.
CREATE TABLE login_failures (
    id        INTEGER PRIMARY KEY AUTOINCREMENT,
    username  TEXT    NOT NULL,
    at        INTEGER NOT NULL
);
CREATE INDEX login_failures_user_at ON login_failures (username, at);

CREATE TABLE warehouses (
    id    INTEGER PRIMARY KEY AUTOINCREMENT,
    name  TEXT    NOT NULL UNIQUE
);

CREATE TABLE products (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    name        TEXT    NOT NULL,
    category    TEXT    NOT NULL,
    created_at  INTEGER NOT NULL
);

-- One row per sellable variant (size/colour).
CREATE TABLE skus (
    id               INTEGER PRIMARY KEY AUTOINCREMENT,
    product_id       INTEGER NOT NULL REFERENCES products (id),
    code             TEXT    NOT NULL UNIQUE,
    size             TEXT    NOT NULL DEFAULT '',
    color            TEXT    NOT NULL DEFAULT '',
    price_fen        INTEGER NOT NULL CHECK (price_fen >= 0),
    cost_fen         INTEGER NOT NULL CHECK (cost_fen >= 0),
    barcode          TEXT,
    low_stock_qty    INTEGER NOT NULL DEFAULT 10
);
CREATE INDEX skus_product ON skus (product_id);

-- On-hand quantity, maintained in the same transaction as each movement.
CREATE TABLE stock (
    sku_id        INTEGER NOT NULL REFERENCES skus (id),
    warehouse_id  INTEGER NOT NULL REFERENCES warehouses (id),
    qty           INTEGER NOT NULL CHECK (qty >= 0),
    PRIMARY KEY (sku_id, warehouse_id)
);

-- The immutable ledger: rows are only ever inserted.
CREATE TABLE stock_movements (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    sku_id        INTEGER NOT NULL REFERENCES skus (id),
    warehouse_id  INTEGER NOT NULL REFERENCES warehouses (id),
    delta         INTEGER NOT NULL,
    kind          TEXT    NOT NULL CHECK (kind IN ('inbound', 'shipment', 'transfer', 'adjustment', 'return')),
    ref_type      TEXT,
    ref_id        INTEGER,
    note          TEXT    NOT NULL DEFAULT '',
    user_id       INTEGER REFERENCES users (id),
    at            INTEGER NOT NULL
);
CREATE INDEX stock_movements_sku ON stock_movements (sku_id, at);

CREATE TABLE customers (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    agent_id    INTEGER NOT NULL REFERENCES users (id),
    name        TEXT    NOT NULL,
    mobile      TEXT    NOT NULL,
    address     TEXT    NOT NULL DEFAULT '',
    created_at  INTEGER NOT NULL,
    UNIQUE (agent_id, mobile)
);
CREATE INDEX customers_mobile ON customers (mobile);

CREATE TABLE orders (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    order_no        TEXT    UNIQUE,
    agent_id        INTEGER NOT NULL REFERENCES users (id),
    customer_id     INTEGER NOT NULL REFERENCES customers (id),
    recipient_name  TEXT    NOT NULL,
    mobile          TEXT    NOT NULL,
    address         TEXT    NOT NULL,
    channel         TEXT    NOT NULL,
    status          TEXT    NOT NULL CHECK (status IN ('pending_payment', 'to_ship', 'shipped', 'completed', 'cancelled')),
    total_fen       INTEGER NOT NULL CHECK (total_fen >= 0),
    created_by      INTEGER NOT NULL REFERENCES users (id),
    created_at      INTEGER NOT NULL,
    updated_at      INTEGER NOT NULL
);
CREATE INDEX orders_agent_created ON orders (agent_id, created_at);
CREATE INDEX orders_created ON orders (created_at);
CREATE INDEX orders_mobile ON orders (mobile);
CREATE INDEX orders_status_created ON orders (status, created_at);

CREATE TABLE order_lines (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    order_id        INTEGER NOT NULL REFERENCES orders (id),
    sku_id          INTEGER NOT NULL REFERENCES skus (id),
    qty             INTEGER NOT NULL CHECK (qty > 0),
    unit_price_fen  INTEGER NOT NULL CHECK (unit_price_fen >= 0),
    line_total_fen  INTEGER NOT NULL CHECK (line_total_fen >= 0)
);
CREATE INDEX order_lines_order ON order_lines (order_id);

-- Every status change of an order, with who and when (P7, O2).
CREATE TABLE order_events (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    order_id     INTEGER NOT NULL REFERENCES orders (id),
    from_status  TEXT,
    to_status    TEXT    NOT NULL,
    user_id      INTEGER NOT NULL REFERENCES users (id),
    at           INTEGER NOT NULL
);
CREATE INDEX order_events_order ON order_events (order_id);

-- General audit trail (P7): user and staff changes, stock receipts, …
CREATE TABLE audit_log (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    user_id    INTEGER REFERENCES users (id),
    entity     TEXT    NOT NULL,
    entity_id  INTEGER,
    action     TEXT    NOT NULL,
    detail     TEXT    NOT NULL DEFAULT '',
    at         INTEGER NOT NULL
);
CREATE INDEX audit_log_entity ON audit_log (entity, entity_id);

-- The one warehouse of the first release (I2 adds more).
INSERT INTO warehouses (name) VALUES ('总仓');
