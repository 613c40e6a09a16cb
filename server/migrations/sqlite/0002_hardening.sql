-- Hardening (SQLite). Same tables, columns and numbering as ../postgres/0002_hardening.sql.

-- Sessions: a public id for the device list, last use for the idle timeout, the browser.
-- Existing sessions end with this migration (everyone signs in again once).
DROP TABLE sessions;
CREATE TABLE sessions (
    token_hash    TEXT    PRIMARY KEY,
    public_id     TEXT    NOT NULL UNIQUE,
    user_id       INTEGER NOT NULL REFERENCES users (id),
    created_at    INTEGER NOT NULL,
    last_seen_at  INTEGER NOT NULL,
    user_agent    TEXT    NOT NULL DEFAULT ''
);
CREATE INDEX sessions_user ON sessions (user_id);

-- Sign-in throttle: one row per key ('u:name', 'a:address', 'p:name|address'), counted
-- atomically before each password check; growing delays rather than a hard lock.
DROP TABLE login_failures;
CREATE TABLE login_throttle (
    key              TEXT    PRIMARY KEY,
    failures         INTEGER NOT NULL,
    window_start     INTEGER NOT NULL,
    next_allowed_at  INTEGER NOT NULL
);

-- A boss-issued one-time password must be changed at the next sign-in; demo accounts
-- (known passwords) sign in only while the server runs in demo mode.
ALTER TABLE users ADD COLUMN must_change_password INTEGER NOT NULL DEFAULT 0;
ALTER TABLE users ADD COLUMN demo INTEGER NOT NULL DEFAULT 0;

-- Team settings the boss changes in the app (key/value).
CREATE TABLE settings (
    key    TEXT PRIMARY KEY,
    value  TEXT NOT NULL
);

-- A payment an agent confirmed waits for finance to check it.
ALTER TABLE orders ADD COLUMN payment_check INTEGER NOT NULL DEFAULT 0;
ALTER TABLE order_events ADD COLUMN note TEXT NOT NULL DEFAULT '';

-- Saved order searches: the list's URL carries the token, never the mobile number.
CREATE TABLE order_searches (
    token       TEXT    PRIMARY KEY,
    user_id     INTEGER NOT NULL REFERENCES users (id),
    q           TEXT    NOT NULL,
    created_at  INTEGER NOT NULL
);

-- Keyset pages (created_at, id) overall, per agent and per status; exact search by recipient.
DROP INDEX orders_created;
DROP INDEX orders_agent_created;
DROP INDEX orders_status_created;
CREATE INDEX orders_created_id ON orders (created_at, id);
CREATE INDEX orders_agent_created_id ON orders (agent_id, created_at, id);
CREATE INDEX orders_status_created_id ON orders (status, created_at, id);
CREATE INDEX orders_recipient ON orders (recipient_name);
CREATE INDEX orders_payment_check ON orders (payment_check, created_at, id);
CREATE INDEX stock_movements_ref ON stock_movements (ref_type, ref_id);
CREATE INDEX customers_agent ON customers (agent_id);

-- API keys for the REST intake API: the key id travels with each request, the secret signs
-- it (HMAC) and is shown once at creation. A key acts for one agent's line or for the team.
CREATE TABLE api_keys (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    key_id      TEXT    NOT NULL UNIQUE,
    secret      TEXT    NOT NULL,
    name        TEXT    NOT NULL,
    agent_id    INTEGER REFERENCES users (id),
    created_by  INTEGER NOT NULL REFERENCES users (id),
    created_at  INTEGER NOT NULL,
    revoked_at  INTEGER
);
