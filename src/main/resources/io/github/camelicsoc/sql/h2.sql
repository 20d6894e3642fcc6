-- The records store of the icsoc component on H2: the watermark of each records consumer (icsoc_state) and the
-- keys of the records it delivered (icsoc_delivered). recordsStore=jdbc creates these tables when they are missing.
-- Statements end with a semicolon at the end of a line.
-- The index on delivered_at serves the hourly pruning only; it must not lead with repository_name, or a plan made
-- while the table was empty can pick it over the primary key for key lookups.
CREATE TABLE IF NOT EXISTS icsoc_state (
    state_key   VARCHAR(255)  NOT NULL PRIMARY KEY,
    state_value VARCHAR(1024) NOT NULL,
    updated_at  TIMESTAMP     NOT NULL
);
-- note: on a record's version mark, what each field of that version held (8 hex digits of a SHA-256 a field),
-- so that a newer version can name the fields that changed; null on other marks.
CREATE TABLE IF NOT EXISTS icsoc_delivered (
    repository_name VARCHAR(100) NOT NULL,
    record_key      VARCHAR(200) NOT NULL,
    delivered_at    TIMESTAMP    NOT NULL,
    note            VARCHAR(2000),
    PRIMARY KEY (repository_name, record_key)
);
CREATE INDEX IF NOT EXISTS icsoc_delivered_at ON icsoc_delivered (delivered_at);
