-- Inventory, complete (PostgreSQL). Same tables, columns and numbering as ../postgres.

-- Warehouses: 总仓 (no parent) and 分仓 under it; a 分仓 serves the provinces in `regions`
-- (comma-separated short names, e.g. 广东,广西,海南): orders to them ship from there.
ALTER TABLE warehouses ADD COLUMN parent_id BIGINT  REFERENCES warehouses (id);
ALTER TABLE warehouses ADD COLUMN regions TEXT NOT NULL DEFAULT '';
ALTER TABLE warehouses ADD COLUMN active BIGINT  NOT NULL DEFAULT 1;

-- Suppliers, with the lead time purchase suggestions plan with.
CREATE TABLE suppliers (
    id              BIGSERIAL PRIMARY KEY,
    name            TEXT    NOT NULL UNIQUE,
    contact         TEXT    NOT NULL DEFAULT '',
    lead_time_days  BIGINT  NOT NULL DEFAULT 7 CHECK (lead_time_days BETWEEN 0 AND 365),
    created_at      BIGINT  NOT NULL
);

-- Categories, with the alert level new SKUs of the category start with.
CREATE TABLE categories (
    name           TEXT    PRIMARY KEY,
    low_stock_qty  BIGINT  NOT NULL DEFAULT 10 CHECK (low_stock_qty >= 0)
);
INSERT INTO categories (name) SELECT DISTINCT category FROM products;

ALTER TABLE products ADD COLUMN image TEXT NOT NULL DEFAULT '';
ALTER TABLE products ADD COLUMN supplier_id BIGINT  REFERENCES suppliers (id);
ALTER TABLE skus ADD COLUMN weight_g BIGINT  NOT NULL DEFAULT 0;
ALTER TABLE skus ADD COLUMN active BIGINT  NOT NULL DEFAULT 1;
CREATE INDEX skus_barcode ON skus (barcode);

-- Stock: what open orders reserved (available = qty − reserved), and the moving weighted
-- average unit cost (fen), updated by each receipt in its transaction.
ALTER TABLE stock ADD COLUMN reserved BIGINT  NOT NULL DEFAULT 0;
ALTER TABLE stock ADD COLUMN avg_cost_fen BIGINT  NOT NULL DEFAULT 0;
-- Each movement carries the unit cost at that moment: cost of goods never changes afterwards.
ALTER TABLE stock_movements ADD COLUMN unit_cost_fen BIGINT  NOT NULL DEFAULT 0;
CREATE INDEX stock_movements_wh_at ON stock_movements (warehouse_id, at);
CREATE INDEX stock_movements_at ON stock_movements (at, id);
-- Last sale per SKU (slow movers) and a SKU's daily sales (forecasts) from the aggregates.
CREATE INDEX agg_sku_day_sku ON agg_sku_day (sku_id, day);
UPDATE stock SET avg_cost_fen = (SELECT cost_fen FROM skus WHERE skus.id = stock.sku_id);
UPDATE stock_movements SET unit_cost_fen = (SELECT cost_fen FROM skus WHERE skus.id = stock_movements.sku_id);

-- Orders ship from a warehouse, chosen by rule at creation, changeable before shipping.
ALTER TABLE orders ADD COLUMN warehouse_id BIGINT  REFERENCES warehouses (id);
UPDATE orders SET warehouse_id = (SELECT MIN(id) FROM warehouses);
UPDATE stock SET reserved = COALESCE((
    SELECT SUM(l.qty) FROM order_lines l JOIN orders o ON o.id = l.order_id
    WHERE o.status IN ('pending_payment', 'to_ship') AND o.warehouse_id = stock.warehouse_id AND l.sku_id = stock.sku_id), 0);

-- Purchase orders and their receipts (in parts or whole) into a warehouse.
CREATE TABLE purchase_orders (
    id            BIGSERIAL PRIMARY KEY,
    supplier_id   BIGINT  NOT NULL REFERENCES suppliers (id),
    warehouse_id  BIGINT  NOT NULL REFERENCES warehouses (id),
    status        TEXT    NOT NULL CHECK (status IN ('open', 'partial', 'received', 'cancelled')),
    expected_at   BIGINT,
    note          TEXT    NOT NULL DEFAULT '',
    created_by    BIGINT  REFERENCES users (id),
    created_at    BIGINT  NOT NULL,
    updated_at    BIGINT  NOT NULL
);
CREATE INDEX purchase_orders_status ON purchase_orders (status, id);
CREATE TABLE purchase_lines (
    id             BIGSERIAL PRIMARY KEY,
    po_id          BIGINT  NOT NULL REFERENCES purchase_orders (id),
    sku_id         BIGINT  NOT NULL REFERENCES skus (id),
    qty            BIGINT  NOT NULL CHECK (qty > 0),
    received_qty   BIGINT  NOT NULL DEFAULT 0 CHECK (received_qty >= 0),
    unit_cost_fen  BIGINT  NOT NULL CHECK (unit_cost_fen >= 0)
);
CREATE INDEX purchase_lines_po ON purchase_lines (po_id);
CREATE INDEX purchase_lines_sku ON purchase_lines (sku_id);

-- Transfers (调拨): out of one warehouse at once, in transit, into the other on receipt.
CREATE TABLE transfers (
    id                 BIGSERIAL PRIMARY KEY,
    from_warehouse_id  BIGINT  NOT NULL REFERENCES warehouses (id),
    to_warehouse_id    BIGINT  NOT NULL REFERENCES warehouses (id),
    status             TEXT    NOT NULL CHECK (status IN ('in_transit', 'received')),
    note               TEXT    NOT NULL DEFAULT '',
    created_by         BIGINT  REFERENCES users (id),
    created_at         BIGINT  NOT NULL,
    received_by        BIGINT  REFERENCES users (id),
    received_at        BIGINT
);
CREATE TABLE transfer_lines (
    id             BIGSERIAL PRIMARY KEY,
    transfer_id    BIGINT  NOT NULL REFERENCES transfers (id),
    sku_id         BIGINT  NOT NULL REFERENCES skus (id),
    qty            BIGINT  NOT NULL CHECK (qty > 0),
    unit_cost_fen  BIGINT  NOT NULL DEFAULT 0
);
CREATE INDEX transfer_lines_transfer ON transfer_lines (transfer_id);

-- Stocktakes (盘点): counted quantities against what the books said; posting adjusts.
CREATE TABLE stocktakes (
    id            BIGSERIAL PRIMARY KEY,
    warehouse_id  BIGINT  NOT NULL REFERENCES warehouses (id),
    status        TEXT    NOT NULL CHECK (status IN ('open', 'posted')),
    note          TEXT    NOT NULL DEFAULT '',
    created_by    BIGINT  REFERENCES users (id),
    created_at    BIGINT  NOT NULL,
    posted_by     BIGINT  REFERENCES users (id),
    posted_at     BIGINT
);
CREATE TABLE stocktake_lines (
    id            BIGSERIAL PRIMARY KEY,
    stocktake_id  BIGINT  NOT NULL REFERENCES stocktakes (id),
    sku_id        BIGINT  NOT NULL REFERENCES skus (id),
    counted_qty   BIGINT  NOT NULL CHECK (counted_qty >= 0),
    booked_qty    BIGINT,
    UNIQUE (stocktake_id, sku_id)
);

-- Low-stock alerts: one open alert per SKU and warehouse while available stays below the
-- threshold (a new crossing after it recovered makes a new alert).
CREATE TABLE stock_alerts (
    id            BIGSERIAL PRIMARY KEY,
    sku_id        BIGINT  NOT NULL REFERENCES skus (id),
    warehouse_id  BIGINT  NOT NULL REFERENCES warehouses (id),
    threshold     BIGINT  NOT NULL,
    available     BIGINT  NOT NULL,
    created_at    BIGINT  NOT NULL,
    resolved_at   BIGINT
);
CREATE UNIQUE INDEX stock_alerts_open ON stock_alerts (sku_id, warehouse_id) WHERE resolved_at IS NULL;
CREATE INDEX stock_alerts_created ON stock_alerts (created_at, id);

-- Where notifications go: WeCom / DingTalk group robots and plain JSON webhooks.
CREATE TABLE notifiers (
    id          BIGSERIAL PRIMARY KEY,
    name        TEXT    NOT NULL,
    kind        TEXT    NOT NULL CHECK (kind IN ('wecom', 'dingtalk', 'webhook')),
    url         TEXT    NOT NULL,
    active      BIGINT  NOT NULL DEFAULT 1,
    created_at  BIGINT  NOT NULL
);

-- The outbox: one row per message and notifier, claimed by one server at a time, retried
-- with backoff, never sent twice for the same event (topic + ref + notifier is unique).
CREATE TABLE deliveries (
    id               BIGSERIAL PRIMARY KEY,
    topic            TEXT    NOT NULL,
    ref_id           BIGINT  NOT NULL,
    notifier_id      BIGINT  NOT NULL REFERENCES notifiers (id),
    title            TEXT    NOT NULL,
    body             TEXT    NOT NULL,
    status           TEXT    NOT NULL CHECK (status IN ('pending', 'sending', 'sent', 'failed')),
    attempts         BIGINT  NOT NULL DEFAULT 0,
    next_attempt_at  BIGINT  NOT NULL,
    claimed_until    BIGINT,
    last_error       TEXT    NOT NULL DEFAULT '',
    created_at       BIGINT  NOT NULL,
    sent_at          BIGINT,
    UNIQUE (topic, ref_id, notifier_id)
);
CREATE INDEX deliveries_due ON deliveries (status, next_attempt_at);

-- Demand forecasts per SKU, computed by a job (and on demand), with their backtest errors on
-- the last four weeks in percent: MAPE of days, sMAPE of weekly totals; naive_* the same for
-- the seasonal-naive baseline (same weekday a week before).
CREATE TABLE forecasts (
    sku_id        BIGINT  PRIMARY KEY REFERENCES skus (id),
    computed_at   BIGINT  NOT NULL,
    method        TEXT    NOT NULL,
    total_30      BIGINT  NOT NULL,
    daily         TEXT    NOT NULL,
    mape          TEXT,
    smape         TEXT,
    naive_mape    TEXT,
    naive_smape   TEXT,
    -- Typical daily error (units) for the safety stock, and the festival uplifts applied (JSON).
    daily_std     TEXT    NOT NULL DEFAULT '0',
    uplifts       TEXT    NOT NULL DEFAULT '[]'
);
