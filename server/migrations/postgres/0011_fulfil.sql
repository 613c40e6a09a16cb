-- Fulfilment (PostgreSQL). Same tables, columns and numbering as ../sqlite/0011_fulfil.sql.
-- Times are UTC epoch milliseconds; money is integer fen.

-- Couriers, routing rules, remote areas and the default courier: one JSON document the
-- boss edits as a whole (app/src/fulfil/logic_courier.rs RoutingConfig), validated on save.
CREATE TABLE fulfil_config (
    id          BIGINT PRIMARY KEY CHECK (id = 1),
    routing     TEXT    NOT NULL,
    updated_by  BIGINT REFERENCES users (id),
    updated_at  BIGINT NOT NULL
);

-- A customer's preferred courier (set when a user overrides an order's courier and asks
-- to remember it).
CREATE TABLE customer_couriers (
    customer_id   BIGINT PRIMARY KEY REFERENCES customers (id),
    courier_code  TEXT    NOT NULL,
    updated_at    BIGINT NOT NULL
);

-- The courier chosen for each order and why (both languages, as shown then), the tracking
-- number entered when it shipped, and the normalised address key for duplicate detection.
ALTER TABLE orders ADD COLUMN courier_code TEXT NOT NULL DEFAULT '';
ALTER TABLE orders ADD COLUMN courier_reason_zh TEXT NOT NULL DEFAULT '';
ALTER TABLE orders ADD COLUMN courier_reason_en TEXT NOT NULL DEFAULT '';
ALTER TABLE orders ADD COLUMN tracking_no TEXT;
ALTER TABLE orders ADD COLUMN shipped_at BIGINT;
CREATE UNIQUE INDEX orders_tracking_no ON orders (tracking_no);
CREATE INDEX orders_courier_status ON orders (courier_code, status, created_at, id);

-- Every non-status change of an order (courier, tracking, merge, address edit, note), with
-- the old value where one was replaced. With order_events it is the order's timeline.
CREATE TABLE order_log (
    id         BIGSERIAL PRIMARY KEY,
    order_id   BIGINT NOT NULL REFERENCES orders (id),
    kind       TEXT    NOT NULL CHECK (kind IN ('courier', 'tracking', 'merged_into', 'merged_from', 'address', 'note', 'after_sale')),
    detail     TEXT    NOT NULL DEFAULT '',
    old_value  TEXT    NOT NULL DEFAULT '',
    user_id    BIGINT REFERENCES users (id),
    at         BIGINT NOT NULL
);
CREATE INDEX order_log_order ON order_log (order_id, at);

-- After-sales (O2) on a shipped or completed order: a return, an exchange or a refund only.
-- 申请 requested → 同意 approved / 拒绝 rejected → 退货入库 returned → 退款完成 refunded.
CREATE TABLE after_sales (
    id            BIGSERIAL PRIMARY KEY,
    order_id      BIGINT NOT NULL REFERENCES orders (id),
    kind          TEXT    NOT NULL CHECK (kind IN ('return', 'exchange', 'refund_only')),
    state         TEXT    NOT NULL CHECK (state IN ('requested', 'approved', 'rejected', 'returned', 'refunded')),
    reason        TEXT    NOT NULL,
    refund_fen    BIGINT NOT NULL CHECK (refund_fen >= 0),
    requested_by  BIGINT REFERENCES users (id),
    requested_at  BIGINT NOT NULL,
    updated_at    BIGINT NOT NULL
);
CREATE INDEX after_sales_order ON after_sales (order_id);
CREATE INDEX after_sales_state ON after_sales (state, requested_at, id);

-- The goods a return or exchange sends back (put into stock when they arrive).
CREATE TABLE after_sale_lines (
    after_sale_id  BIGINT NOT NULL REFERENCES after_sales (id),
    sku_id         BIGINT NOT NULL REFERENCES skus (id),
    qty            BIGINT NOT NULL CHECK (qty > 0),
    PRIMARY KEY (after_sale_id, sku_id)
);

-- Money given back to customers: what finance books and commissions claw back.
CREATE TABLE refunds (
    id             BIGSERIAL PRIMARY KEY,
    order_id       BIGINT NOT NULL REFERENCES orders (id),
    after_sale_id  BIGINT REFERENCES after_sales (id),
    amount_fen     BIGINT NOT NULL CHECK (amount_fen > 0),
    at             BIGINT NOT NULL,
    by_user        BIGINT REFERENCES users (id)
);
CREATE INDEX refunds_order ON refunds (order_id);
CREATE INDEX refunds_at ON refunds (at, id);
