-- Dashboard reads answered from indexes alone (1M orders, bare SQL, medians):
-- * the team's best sellers sum a range of agg_team_sku_day: with the sums in the index the rows
--   are not fetched from heap pages scattered by daily upserts (90 days: 55 → 25 ms);
-- * a line's (a leader's) views read its agents' rows: agg_sku_day had no index by agent and was
--   scanned whole (a year of a 10-agent line: 80 → 9 ms); the per-agent indexes of sales, hours
--   and categories now hold the summed columns too (10 → 3, 17 → 7, 15 → 6 ms).
CREATE INDEX agg_team_sku_day_cover ON agg_team_sku_day (day, sku_id, qty, sales_fen);
CREATE INDEX agg_sku_day_agent ON agg_sku_day (agent_id, day, sku_id, qty, sales_fen);
DROP INDEX agg_sales_day_agent;
CREATE INDEX agg_sales_day_agent ON agg_sales_day (agent_id, day, channel, sales_fen, orders);
DROP INDEX agg_hour_channel_agent;
CREATE INDEX agg_hour_channel_agent ON agg_hour_channel (agent_id, day, hour, channel, orders);
DROP INDEX agg_cat_day_agent;
CREATE INDEX agg_cat_day_agent ON agg_cat_day (agent_id, day, channel, category, orders, qty, sales_fen);
