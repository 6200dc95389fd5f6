-- schema_costs: the staffing-cost planner's and the workforce projection's tables (rosters, roster snapshots, saved scenarios and projections). Grain is stated above each table.

-- One row per loaded roster file (content-addressed: the same bytes are the same roster_id).
CREATE TABLE IF NOT EXISTS rosters (
    roster_id        VARCHAR PRIMARY KEY,   -- first 16 hex chars of sha256
    sha256           VARCHAR NOT NULL UNIQUE,
    file_name        VARCHAR NOT NULL,
    n_positions      INTEGER NOT NULL,
    loaded_at        TIMESTAMP NOT NULL,
    as_of            DATE                   -- the roster's date (its as_of column, else the loader's); null: not stated
);
-- Databases made before as_of existed gain it (a no-op on the table created above).
ALTER TABLE rosters ADD COLUMN IF NOT EXISTS as_of DATE;

-- One row per (roster_id, position_id): a budgeted position, filled or vacant, as the roster states it.
CREATE TABLE IF NOT EXISTS roster_positions (
    roster_id        VARCHAR NOT NULL,
    position_id      VARCHAR NOT NULL,
    title            VARCHAR NOT NULL,
    class_code       VARCHAR,
    grade            VARCHAR NOT NULL,
    step             INTEGER,               -- null for a vacancy
    annual_salary    DOUBLE,
    hire_date        DATE,
    title_date       DATE,
    fte              DOUBLE NOT NULL,
    unit             VARCHAR NOT NULL,
    is_vacant        BOOLEAN NOT NULL,
    fill_date        DATE,                  -- planned fill of a vacancy; null: not planned
    education        VARCHAR,
    schedule_id      VARCHAR,               -- null: the only schedule paying the grade
    salary_warning   VARCHAR,               -- why the stated salary looks wrong (accepted anyway); null: it does not
    PRIMARY KEY (roster_id, position_id)
);
-- Databases made before salary_warning existed gain it (a no-op on the table created above).
ALTER TABLE roster_positions ADD COLUMN IF NOT EXISTS salary_warning VARCHAR;

-- One row per problem found in a rejected roster file; nothing of a rejected file is loaded.
CREATE TABLE IF NOT EXISTS roster_rejects (
    sha256           VARCHAR NOT NULL,
    file_name        VARCHAR NOT NULL,
    row_number       INTEGER,               -- as a spreadsheet shows it (header = 1); null: the whole file
    column_name      VARCHAR,
    problem          VARCHAR NOT NULL,
    value            VARCHAR,
    rejected_at      TIMESTAMP NOT NULL
);

-- One row per saved scenario: immutable and content-addressed (never updated once written).
CREATE TABLE IF NOT EXISTS scenarios (
    scenario_id      VARCHAR PRIMARY KEY,   -- sha256 of canonical inputs JSON + data version, 16 hex chars
    name             VARCHAR NOT NULL,
    inputs_json      VARCHAR NOT NULL,      -- canonical inputs JSON (analytics.scenarios)
    data_version     VARCHAR NOT NULL,      -- the roster and pay data the results were computed on
    created_at       TIMESTAMP NOT NULL,
    results_json     VARCHAR NOT NULL       -- {"fiscal_years": [{"fiscal_year", "cost"}], ...}
);

-- One row per loaded roster snapshot of the workforce history (content-addressed like rosters, one date each).
-- Snapshots are kept apart from rosters: the costs planner prices the newest roster, never a past snapshot.
CREATE TABLE IF NOT EXISTS roster_snapshots (
    snapshot_id      VARCHAR PRIMARY KEY,   -- first 16 hex chars of sha256
    sha256           VARCHAR NOT NULL UNIQUE,
    file_name        VARCHAR NOT NULL,
    as_of            DATE NOT NULL,         -- the date the snapshot shows the positions on
    n_positions      INTEGER NOT NULL,
    loaded_at        TIMESTAMP NOT NULL
);

-- One row per (snapshot_id, position_id): a position as a history snapshot states it (what estimation reads).
CREATE TABLE IF NOT EXISTS roster_snapshot_positions (
    snapshot_id      VARCHAR NOT NULL,
    position_id      VARCHAR NOT NULL,
    title            VARCHAR NOT NULL,
    class_code       VARCHAR,
    grade            VARCHAR NOT NULL,
    step             INTEGER,
    hire_date        DATE,
    title_date       DATE,
    fte              DOUBLE NOT NULL,
    unit             VARCHAR NOT NULL,
    is_vacant        BOOLEAN NOT NULL,
    schedule_id      VARCHAR,
    PRIMARY KEY (snapshot_id, position_id)
);

-- One row per saved workforce projection: immutable and content-addressed (never updated once written).
CREATE TABLE IF NOT EXISTS projections (
    projection_id    VARCHAR PRIMARY KEY,   -- sha256 of canonical inputs JSON + data version, 16 hex chars
    name             VARCHAR NOT NULL,
    inputs_json      VARCHAR NOT NULL,      -- canonical inputs JSON (analytics.workforce.report)
    data_version     VARCHAR NOT NULL,      -- the roster, snapshots (and pay data) the results were computed on
    created_at       TIMESTAMP NOT NULL,
    results_json     VARCHAR NOT NULL       -- the `workforce --json` report
);
