-- Offline order entry (PostgreSQL). Same tables, columns and numbering as ../sqlite/0013_offline.sql.

-- An order sent from a phone's outbox, by the key the phone made when the order was entered
-- offline. Written in the order's transaction: the same key again (a retry, a double tap)
-- answers with this order instead of making another. Keys are per user.
CREATE TABLE offline_submissions (
    user_id     BIGINT NOT NULL REFERENCES users (id),
    idem_key    TEXT    NOT NULL,
    order_id    BIGINT NOT NULL REFERENCES orders (id),
    created_at  BIGINT NOT NULL,
    PRIMARY KEY (user_id, idem_key)
);
CREATE INDEX offline_submissions_order ON offline_submissions (order_id);
