-- Dashboards (D1–D3): more reporting aggregates, moved with the 0003 ones in the order's
-- transaction by `dashboard::service::record_sale`, rebuilt by `server rebuild`, compared
-- with a full scan by `server check`. Team-level tables (no agent column) serve the boss's
-- whole-team ranges; agent-level ones serve scoped callers and the agent filter.

-- Scoped queries of the 0003 table by agent.
CREATE INDEX agg_sales_day_agent ON agg_sales_day (agent_id, day);

-- Per business day × agent × channel × category: orders having a line of the category,
-- units and sales of those lines.
CREATE TABLE agg_cat_day (
    day        BIGINT  NOT NULL,
    agent_id   BIGINT  NOT NULL REFERENCES users (id),
    channel    TEXT    NOT NULL,
    category   TEXT    NOT NULL,
    orders     BIGINT  NOT NULL,
    qty        BIGINT  NOT NULL,
    sales_fen  BIGINT  NOT NULL,
    PRIMARY KEY (day, agent_id, channel, category)
);
CREATE INDEX agg_cat_day_agent ON agg_cat_day (agent_id, day);

-- The same for the whole team.
CREATE TABLE agg_team_day (
    day        BIGINT  NOT NULL,
    channel    TEXT    NOT NULL,
    category   TEXT    NOT NULL,
    orders     BIGINT  NOT NULL,
    qty        BIGINT  NOT NULL,
    sales_fen  BIGINT  NOT NULL,
    PRIMARY KEY (day, channel, category)
);

-- Sold orders and sales per business day and channel for the whole team.
CREATE TABLE agg_team_sales (
    day        BIGINT  NOT NULL,
    channel    TEXT    NOT NULL,
    orders     BIGINT  NOT NULL,
    sales_fen  BIGINT  NOT NULL,
    PRIMARY KEY (day, channel)
);

-- Sold orders per business day, hour (Asia/Shanghai), agent and channel (the heat map).
CREATE TABLE agg_hour_channel (
    day        BIGINT  NOT NULL,
    hour       BIGINT  NOT NULL,
    agent_id   BIGINT  NOT NULL REFERENCES users (id),
    channel    TEXT    NOT NULL,
    orders     BIGINT  NOT NULL,
    PRIMARY KEY (day, hour, agent_id, channel)
);
CREATE INDEX agg_hour_channel_agent ON agg_hour_channel (agent_id, day);

CREATE TABLE agg_team_hour (
    day        BIGINT  NOT NULL,
    hour       BIGINT  NOT NULL,
    channel    TEXT    NOT NULL,
    orders     BIGINT  NOT NULL,
    PRIMARY KEY (day, hour, channel)
);

-- Units and sales per SKU for the whole team, per day and per month (the first
-- business day of the month): top products over long ranges read whole months.
CREATE TABLE agg_team_sku_day (
    day        BIGINT  NOT NULL,
    sku_id     BIGINT  NOT NULL REFERENCES skus (id),
    qty        BIGINT  NOT NULL,
    sales_fen  BIGINT  NOT NULL,
    PRIMARY KEY (day, sku_id)
);
CREATE TABLE agg_team_sku_month (
    month      BIGINT  NOT NULL,
    sku_id     BIGINT  NOT NULL REFERENCES skus (id),
    qty        BIGINT  NOT NULL,
    sales_fen  BIGINT  NOT NULL,
    PRIMARY KEY (month, sku_id)
);

-- Who bought on which day (sold orders per business day, customer and agent; rows at zero
-- are deleted), and each customer's first day with a sold order (new customers).
CREATE TABLE agg_buyer_day (
    day          BIGINT  NOT NULL,
    customer_id  BIGINT  NOT NULL REFERENCES customers (id),
    agent_id     BIGINT  NOT NULL REFERENCES users (id),
    orders       BIGINT  NOT NULL,
    PRIMARY KEY (day, customer_id, agent_id)
);
-- Covering indexes: buyers of a range read the index alone (team: by day; agents: by agent).
CREATE INDEX agg_buyer_day_cover ON agg_buyer_day (day, customer_id, orders);
CREATE INDEX agg_buyer_day_agent ON agg_buyer_day (agent_id, day, customer_id, orders);
CREATE INDEX agg_buyer_day_customer ON agg_buyer_day (customer_id, day, agent_id, orders);
CREATE TABLE agg_customer_first (
    customer_id  BIGINT PRIMARY KEY REFERENCES customers (id),
    first_day    BIGINT  NOT NULL
);
CREATE INDEX agg_customer_first_day ON agg_customer_first (first_day);

-- Past customer figures (new customers, buyers and repeat buyers of a range, or of a whole
-- month, of days before the last three), kept while no day up to their end changes:
-- `agg_versions` counts the changes per business day (day -1: rebuilds and hand-overs).
CREATE TABLE agg_versions (
    day      BIGINT PRIMARY KEY,
    version  BIGINT  NOT NULL
);
CREATE TABLE agg_past_cache (
    who            TEXT    NOT NULL,
    kind           TEXT    NOT NULL,
    from_day       BIGINT  NOT NULL,
    to_day         BIGINT  NOT NULL,
    version        BIGINT  NOT NULL,
    new_customers  BIGINT  NOT NULL,
    buyers         BIGINT  NOT NULL,
    repeat_buyers  BIGINT  NOT NULL,
    stored_at      BIGINT  NOT NULL,
    PRIMARY KEY (who, kind, from_day, to_day)
);

-- Monthly sales targets the boss sets per agent (month = its first business day).
CREATE TABLE sales_targets (
    agent_id    BIGINT  NOT NULL REFERENCES users (id),
    month       BIGINT  NOT NULL,
    target_fen  BIGINT  NOT NULL CHECK (target_fen >= 0),
    set_by      BIGINT REFERENCES users (id),
    set_at      BIGINT  NOT NULL,
    PRIMARY KEY (agent_id, month)
);
