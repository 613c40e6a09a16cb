-- Reporting aggregates, kept in the same transaction as the order changes that move them
-- (an order entering or leaving a sold status), so dashboards read a few hundred rows
-- instead of scanning a million orders. `server check` compares them with a full scan;
-- the dashboard area can rebuild them from the orders.

-- Sold orders per business day (Asia/Shanghai, of the order's creation), agent and channel.
CREATE TABLE agg_sales_day (
    day        BIGINT  NOT NULL,
    agent_id   BIGINT  NOT NULL REFERENCES users (id),
    channel    TEXT    NOT NULL,
    orders     BIGINT  NOT NULL,
    sales_fen  BIGINT  NOT NULL,
    PRIMARY KEY (day, agent_id, channel)
);

-- The same per business day and agent only: the home overview's month and 30-day series.
CREATE TABLE agg_agent_day (
    day        BIGINT  NOT NULL,
    agent_id   BIGINT  NOT NULL REFERENCES users (id),
    orders     BIGINT  NOT NULL,
    sales_fen  BIGINT  NOT NULL,
    PRIMARY KEY (day, agent_id)
);
CREATE INDEX agg_agent_day_agent ON agg_agent_day (agent_id, day);

-- Sold units and amounts per business day, agent and SKU (category share, top products).
CREATE TABLE agg_sku_day (
    day        BIGINT  NOT NULL,
    agent_id   BIGINT  NOT NULL REFERENCES users (id),
    sku_id     BIGINT  NOT NULL REFERENCES skus (id),
    qty        BIGINT  NOT NULL,
    sales_fen  BIGINT  NOT NULL,
    PRIMARY KEY (day, agent_id, sku_id)
);

-- Sold orders per business day, hour (0–23) and agent (the weekday × hour heat map).
CREATE TABLE agg_hour (
    day        BIGINT  NOT NULL,
    hour       BIGINT  NOT NULL,
    agent_id   BIGINT  NOT NULL REFERENCES users (id),
    orders     BIGINT  NOT NULL,
    PRIMARY KEY (day, hour, agent_id)
);
