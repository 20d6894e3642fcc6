-- The records store of the icsoc component on H2: the watermark of each records consumer (icsoc_state) and the
-- keys of the records it delivered (icsoc_delivered); below, the calls placed through icsoc:call (icsoc_placement).
-- recordsStore=jdbc creates these tables when they are missing.
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
-- The placements of icsoc:call (icsoc_placement): each call the platform accepted, kept until its record matches it
-- or its outcome times out, so that a call placed on one node is matched on another and after a restart. One row per
-- call id; placed_at is platform time (UTC+08:00 wall clock); state is open, matched (claimed_by: by which record) or
-- timed_out, and leaves open once only (one conditional UPDATE). One index finds a record's candidates by numbers and time, the other the open
-- placements due a timed-out outcome and, by every state, those to prune. No index on placed_at alone: a plan made
-- while the table was empty could pick it over the numbers index.
CREATE TABLE IF NOT EXISTS icsoc_placement (
    call_id         VARCHAR(200)  NOT NULL PRIMARY KEY,
    correlation_key VARCHAR(255)  NOT NULL,
    carried_headers VARCHAR(10000) NOT NULL,
    caller          VARCHAR(64)   NOT NULL,
    called          VARCHAR(64)   NOT NULL,
    call_mode       VARCHAR(16),
    display_caller  VARCHAR(64),
    display_called  VARCHAR(64),
    placed_at       TIMESTAMP     NOT NULL,
    ring_timeout_ms BIGINT        NOT NULL,
    state           VARCHAR(10)   NOT NULL,
    claimed_by      VARCHAR(255),
    updated_at      TIMESTAMP     NOT NULL
);
CREATE INDEX IF NOT EXISTS icsoc_placement_numbers ON icsoc_placement (caller, called, placed_at);
CREATE INDEX IF NOT EXISTS icsoc_placement_open ON icsoc_placement (state, placed_at);
