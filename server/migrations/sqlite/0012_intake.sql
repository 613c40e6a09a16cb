-- Orders intake (SQLite). Same tables, columns and numbering as ../postgres/0012_intake.sql.
-- (0009 was taken by the tax area when this area landed; intake is 0012.)

-- The marketplace's (or API client's) order number: with the channel it is the key that
-- makes a re-imported file or a retried API call create nothing new. NULL for orders typed
-- in the app (NULLs never clash in a unique index).
ALTER TABLE orders ADD COLUMN external_no TEXT;
CREATE UNIQUE INDEX orders_channel_external ON orders (channel, external_no);

-- Uploaded order files, in chunks below the request limit, until imported or a day old.
CREATE TABLE intake_uploads (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    token       TEXT    NOT NULL UNIQUE,
    user_id     INTEGER NOT NULL REFERENCES users (id),
    file_name   TEXT    NOT NULL,
    size        INTEGER NOT NULL CHECK (size > 0),
    received    INTEGER NOT NULL DEFAULT 0,
    created_at  INTEGER NOT NULL
);
CREATE INDEX intake_uploads_created ON intake_uploads (created_at);

CREATE TABLE intake_upload_chunks (
    upload_id  INTEGER NOT NULL REFERENCES intake_uploads (id) ON DELETE CASCADE,
    seq        INTEGER NOT NULL,
    data       BLOB    NOT NULL,
    PRIMARY KEY (upload_id, seq)
);

-- Column mappings of generic sheets, saved once and chosen again on the next import.
CREATE TABLE intake_mappings (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    name        TEXT    NOT NULL UNIQUE,
    channel     TEXT    NOT NULL,
    mapping     TEXT    NOT NULL,
    created_by  INTEGER NOT NULL REFERENCES users (id),
    created_at  INTEGER NOT NULL
);

-- One row per committed import (the audit trail has it too).
CREATE TABLE intake_imports (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    user_id     INTEGER NOT NULL REFERENCES users (id),
    agent_id    INTEGER NOT NULL REFERENCES users (id),
    channel     TEXT    NOT NULL,
    file_name   TEXT    NOT NULL,
    created     INTEGER NOT NULL,
    known       INTEGER NOT NULL,
    skipped     INTEGER NOT NULL,
    at          INTEGER NOT NULL
);

-- REST API: signatures seen within the clock window, so a replayed request is refused.
CREATE TABLE api_nonces (
    signature  TEXT    PRIMARY KEY,
    key_id     INTEGER NOT NULL REFERENCES api_keys (id),
    at         INTEGER NOT NULL
);
CREATE INDEX api_nonces_at ON api_nonces (at);

-- REST API: the first answer to (key, Idempotency-Key), returned again to a retry.
CREATE TABLE api_idempotency (
    key_id        INTEGER NOT NULL REFERENCES api_keys (id),
    idem_key      TEXT    NOT NULL,
    request_hash  TEXT    NOT NULL,
    status        INTEGER NOT NULL,
    body          TEXT    NOT NULL,
    created_at    INTEGER NOT NULL,
    PRIMARY KEY (key_id, idem_key)
);
CREATE INDEX api_idempotency_created ON api_idempotency (created_at);

-- Each agent's public share page (/s/<code>).
CREATE TABLE share_pages (
    agent_id    INTEGER PRIMARY KEY REFERENCES users (id),
    code        TEXT    NOT NULL UNIQUE,
    active      INTEGER NOT NULL DEFAULT 1,
    created_at  INTEGER NOT NULL
);

-- Hits of the public pages per client address and kind, in fixed windows.
CREATE TABLE share_throttle (
    key           TEXT    PRIMARY KEY,
    hits          INTEGER NOT NULL,
    window_start  INTEGER NOT NULL
);

-- Product pictures for share pages and posters.
CREATE TABLE product_images (
    product_id    INTEGER PRIMARY KEY REFERENCES products (id),
    content_type  TEXT    NOT NULL,
    data          BLOB    NOT NULL,
    updated_at    INTEGER NOT NULL
);

-- The SKU picker's pinyin initials (蛋黄酥 → 'dhs'), computed on the server.
CREATE TABLE sku_search (
    sku_id    INTEGER PRIMARY KEY REFERENCES skus (id),
    initials  TEXT    NOT NULL
);
