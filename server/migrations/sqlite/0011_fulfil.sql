-- Fulfilment (SQLite). Same tables, columns and numbering as ../postgres/0011_fulfil.sql.
-- Times are UTC epoch milliseconds; money is integer fen.

-- Couriers, routing rules, remote areas and the default courier: one JSON document the
-- boss edits as a whole (app/src/fulfil/logic_courier.rs RoutingConfig), validated on save.
CREATE TABLE fulfil_config (
    id          INTEGER PRIMARY KEY CHECK (id = 1),
    routing     TEXT    NOT NULL,
    updated_by  INTEGER REFERENCES users (id),
    updated_at  INTEGER NOT NULL
);

-- A customer's preferred courier (set when a user overrides an order's courier and asks
-- to remember it).
CREATE TABLE customer_couriers (
    customer_id   INTEGER PRIMARY KEY REFERENCES customers (id),
    courier_code  TEXT    NOT NULL,
    updated_at    INTEGER NOT NULL
);

-- The courier chosen for each order and why (both languages, as shown then), the tracking
-- number entered when it shipped, and the normalised address key for duplicate detection.
ALTER TABLE orders ADD COLUMN courier_code TEXT NOT NULL DEFAULT '';
ALTER TABLE orders ADD COLUMN courier_reason_zh TEXT NOT NULL DEFAULT '';
ALTER TABLE orders ADD COLUMN courier_reason_en TEXT NOT NULL DEFAULT '';
ALTER TABLE orders ADD COLUMN tracking_no TEXT;
ALTER TABLE orders ADD COLUMN shipped_at INTEGER;
CREATE UNIQUE INDEX orders_tracking_no ON orders (tracking_no);
CREATE INDEX orders_courier_status ON orders (courier_code, status, created_at, id);

-- Every non-status change of an order (courier, tracking, merge, address edit, note), with
-- the old value where one was replaced. With order_events it is the order's timeline.
CREATE TABLE order_log (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    order_id   INTEGER NOT NULL REFERENCES orders (id),
    kind       TEXT    NOT NULL CHECK (kind IN ('courier', 'tracking', 'merged_into', 'merged_from', 'address', 'note', 'after_sale')),
    detail     TEXT    NOT NULL DEFAULT '',
    old_value  TEXT    NOT NULL DEFAULT '',
    user_id    INTEGER REFERENCES users (id),
    at         INTEGER NOT NULL
);
CREATE INDEX order_log_order ON order_log (order_id, at);
