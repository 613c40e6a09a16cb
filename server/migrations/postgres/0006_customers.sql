-- Customers (CRM, SPEC C1–C5), PostgreSQL. Same tables, columns and numbering as
-- ../sqlite/0006_customers.sql. Money is integer fen; times UTC epoch ms; days are business
-- day numbers (days since 1970-01-01 in Asia/Shanghai).

-- Profile fields, and figures kept up to date by the CRM refresh (per customer when one of its
-- orders changes, in full daily): counted orders (sold statuses), their spend, first and last
-- order; the lifecycle stage; the RFM scores and segment.
ALTER TABLE customers ADD COLUMN wechat_id TEXT NOT NULL DEFAULT '';
ALTER TABLE customers ADD COLUMN birthday BIGINT;
-- Custom profile fields the boss defines, as JSON: {"宝宝月龄": {"number": "8"}, "肤质": {"text": "油性"}}.
ALTER TABLE customers ADD COLUMN fields TEXT NOT NULL DEFAULT '{}';
ALTER TABLE customers ADD COLUMN orders_count BIGINT  NOT NULL DEFAULT 0;
ALTER TABLE customers ADD COLUMN spend_fen BIGINT  NOT NULL DEFAULT 0;
ALTER TABLE customers ADD COLUMN first_order_at BIGINT;
ALTER TABLE customers ADD COLUMN last_order_at BIGINT;
ALTER TABLE customers ADD COLUMN stage TEXT NOT NULL DEFAULT 'prospect'
    CHECK (stage IN ('prospect', 'new', 'active', 'loyal', 'dormant', 'churned'));
ALTER TABLE customers ADD COLUMN rfm_r BIGINT;
ALTER TABLE customers ADD COLUMN rfm_f BIGINT;
ALTER TABLE customers ADD COLUMN rfm_m BIGINT;
ALTER TABLE customers ADD COLUMN segment TEXT;
-- Personal data erased on request (PIPL): name, mobile and addresses replaced.
ALTER TABLE customers ADD COLUMN erased_at BIGINT;
CREATE INDEX customers_created_id ON customers (created_at, id);
CREATE INDEX customers_agent_created_id ON customers (agent_id, created_at, id);
CREATE INDEX customers_stage_created_id ON customers (stage, created_at, id);
CREATE INDEX customers_segment_created_id ON customers (segment, created_at, id);
CREATE INDEX customers_last_order ON customers (last_order_at);
CREATE INDEX customers_name ON customers (name);
CREATE INDEX customers_wechat ON customers (wechat_id);

-- A coupon's discount on an order: total_fen is what the customer pays (lines − discount).
ALTER TABLE orders ADD COLUMN discount_fen BIGINT  NOT NULL DEFAULT 0;
-- A customer's orders (profile history, the refresh's per-customer figures), covering.
CREATE INDEX orders_customer ON orders (customer_id, status, created_at, total_fen);

-- Several addresses per customer, one default; order entry offers them.
CREATE TABLE customer_addresses (
    id          BIGSERIAL PRIMARY KEY,
    customer_id BIGINT  NOT NULL REFERENCES customers (id),
    recipient   TEXT    NOT NULL,
    mobile      TEXT    NOT NULL,
    address     TEXT    NOT NULL,
    is_default  BIGINT  NOT NULL DEFAULT 0,
    created_at  BIGINT  NOT NULL,
    UNIQUE (customer_id, address)
);

-- The timeline: consultations, after-sales feedback, follow-up results.
CREATE TABLE customer_notes (
    id          BIGSERIAL PRIMARY KEY,
    customer_id BIGINT  NOT NULL REFERENCES customers (id),
    kind        TEXT    NOT NULL CHECK (kind IN ('consultation', 'after_sales', 'follow_up', 'other')),
    body        TEXT    NOT NULL,
    user_id     BIGINT  REFERENCES users (id),
    created_at  BIGINT  NOT NULL
);
CREATE INDEX customer_notes_customer ON customer_notes (customer_id, created_at);

-- Custom profile fields (宝宝月龄, 肤质, …).
CREATE TABLE crm_fields (
    id          BIGSERIAL PRIMARY KEY,
    name        TEXT    NOT NULL UNIQUE,
    kind        TEXT    NOT NULL CHECK (kind IN ('text', 'number')),
    created_at  BIGINT  NOT NULL
);

-- Tags: manual (rule NULL) or automatic (rule = the JSON rule the boss edits).
CREATE TABLE crm_tags (
    id          BIGSERIAL PRIMARY KEY,
    name        TEXT    NOT NULL UNIQUE,
    rule        TEXT,
    created_by  BIGINT  REFERENCES users (id),
    created_at  BIGINT  NOT NULL,
    updated_at  BIGINT  NOT NULL
);
CREATE TABLE customer_tags (
    customer_id BIGINT  NOT NULL REFERENCES customers (id),
    tag_id      BIGINT  NOT NULL REFERENCES crm_tags (id),
    at          BIGINT  NOT NULL,
    PRIMARY KEY (customer_id, tag_id)
);
CREATE INDEX customer_tags_tag ON customer_tags (tag_id, customer_id);

-- CRM settings (lifecycle thresholds, the last RFM cuts, the daily job's last day), key/value.
CREATE TABLE crm_settings (
    key    TEXT PRIMARY KEY,
    value  TEXT NOT NULL
);
INSERT INTO crm_settings (key, value) VALUES ('daily_run_day', '0');

-- Every change of lifecycle stage, with its business day (movements per month).
CREATE TABLE crm_stage_changes (
    id          BIGSERIAL PRIMARY KEY,
    customer_id BIGINT  NOT NULL REFERENCES customers (id),
    from_stage  TEXT,
    to_stage    TEXT    NOT NULL,
    day         BIGINT  NOT NULL,
    at          BIGINT  NOT NULL
);
CREATE INDEX crm_stage_changes_day ON crm_stage_changes (day);
CREATE INDEX crm_stage_changes_customer ON crm_stage_changes (customer_id, at);

-- Campaigns: whom they pick (tag, stage, days silent) and the coupon they issue (optional).
CREATE TABLE crm_campaigns (
    id                BIGSERIAL PRIMARY KEY,
    name              TEXT    NOT NULL UNIQUE,
    tag_id            BIGINT  REFERENCES crm_tags (id),
    stage             TEXT,
    min_silent_days   BIGINT  NOT NULL DEFAULT 0,
    coupon_amount_fen BIGINT,
    coupon_percent    TEXT,
    coupon_min_spend_fen BIGINT  NOT NULL DEFAULT 0,
    coupon_valid_days BIGINT  NOT NULL DEFAULT 30,
    repeat_days       BIGINT  NOT NULL DEFAULT 90,
    active            BIGINT  NOT NULL DEFAULT 1,
    created_by        BIGINT  REFERENCES users (id),
    created_at        BIGINT  NOT NULL
);

-- Personal coupons. The code is set from the id right after insert; an order redeems a coupon
-- exactly once (a conditional update in the order's transaction); a cancelled order returns it.
CREATE TABLE crm_coupons (
    id            BIGSERIAL PRIMARY KEY,
    code          TEXT    UNIQUE,
    customer_id   BIGINT  NOT NULL REFERENCES customers (id),
    campaign_id   BIGINT  REFERENCES crm_campaigns (id),
    amount_fen    BIGINT,
    percent       TEXT,
    min_spend_fen BIGINT  NOT NULL DEFAULT 0,
    expires_at    BIGINT  NOT NULL,
    order_id      BIGINT  REFERENCES orders (id),
    redeemed_at   BIGINT,
    discount_fen  BIGINT,
    created_at    BIGINT  NOT NULL
);
CREATE INDEX crm_coupons_customer ON crm_coupons (customer_id);
CREATE INDEX crm_coupons_campaign ON crm_coupons (campaign_id);
CREATE INDEX crm_coupons_order ON crm_coupons (order_id);

-- The daily follow-up list: a campaign picked a customer for its owning agent.
CREATE TABLE crm_follow_ups (
    id          BIGSERIAL PRIMARY KEY,
    campaign_id BIGINT  NOT NULL REFERENCES crm_campaigns (id),
    customer_id BIGINT  NOT NULL REFERENCES customers (id),
    coupon_id   BIGINT  REFERENCES crm_coupons (id),
    day         BIGINT  NOT NULL,
    contact     TEXT    CHECK (contact IN ('call', 'wechat')),
    result      TEXT    NOT NULL DEFAULT '',
    done_by     BIGINT  REFERENCES users (id),
    done_at     BIGINT,
    created_at  BIGINT  NOT NULL
);
CREATE INDEX crm_follow_ups_customer ON crm_follow_ups (customer_id, campaign_id, day);
CREATE INDEX crm_follow_ups_open ON crm_follow_ups (done_at, day);

-- 撞单: an order entered for a mobile another line already owns, until the boss decides.
CREATE TABLE crm_conflicts (
    id                 BIGSERIAL PRIMARY KEY,
    order_id           BIGINT  NOT NULL REFERENCES orders (id),
    customer_id        BIGINT  NOT NULL REFERENCES customers (id),
    owner_customer_id  BIGINT  NOT NULL REFERENCES customers (id),
    decision           TEXT    CHECK (decision IN ('keep_owner', 'move_to_new')),
    decided_by         BIGINT  REFERENCES users (id),
    decided_at         BIGINT,
    created_at         BIGINT  NOT NULL
);
CREATE INDEX crm_conflicts_open ON crm_conflicts (decided_at, created_at);

-- Saved customer searches: the list's URL carries the token, never the mobile number.
CREATE TABLE customer_searches (
    token       TEXT    PRIMARY KEY,
    user_id     BIGINT  NOT NULL REFERENCES users (id),
    q           TEXT    NOT NULL,
    created_at  BIGINT  NOT NULL
);
