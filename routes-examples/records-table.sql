-- The table records-to-database.yaml writes to: one row per call record, keyed by the record key so that a
-- replayed record changes nothing. Runs unchanged on H2 and PostgreSQL.
CREATE TABLE IF NOT EXISTS call_records (
    record_key       VARCHAR(80) PRIMARY KEY,
    record_type      VARCHAR(3) NOT NULL,
    direction        VARCHAR(3),
    caller           VARCHAR(32),
    called           VARCHAR(32),
    start_time       TIMESTAMP WITH TIME ZONE NOT NULL,
    answer_time      TIMESTAMP WITH TIME ZONE,
    end_time         TIMESTAMP WITH TIME ZONE,
    duration_seconds BIGINT,
    connected        BOOLEAN NOT NULL,
    result_text      VARCHAR(64),
    recording_url    VARCHAR(512),
    call_id          VARCHAR(64)
);
