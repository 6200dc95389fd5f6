-- schema: every table of the career-ladder database. Grain is stated above each table.
-- Evidence: every extracted fact keeps document_id plus char_start/char_end into documents.full_text.

-- One row per ingested document (content-addressed: same bytes = same document_id).
CREATE TABLE IF NOT EXISTS documents (
    document_id      VARCHAR PRIMARY KEY,   -- first 16 hex chars of sha256
    sha256           VARCHAR NOT NULL UNIQUE,
    file_name        VARCHAR NOT NULL,
    media_type       VARCHAR NOT NULL,
    jurisdiction_id  VARCHAR,
    effective_date   VARCHAR,               -- as precise as stated: YYYY, YYYY-MM or YYYY-MM-DD
    full_text        VARCHAR NOT NULL,
    n_chars          INTEGER NOT NULL,
    loaded_at        TIMESTAMP NOT NULL
);

-- One row per jurisdiction (employer that owns classes).
CREATE TABLE IF NOT EXISTS jurisdictions (
    jurisdiction_id  VARCHAR PRIMARY KEY,   -- slug of the name
    name             VARCHAR NOT NULL
);

-- One row per class series defined by a document.
CREATE TABLE IF NOT EXISTS series (
    series_id        VARCHAR PRIMARY KEY,
    jurisdiction_id  VARCHAR,
    name             VARCHAR NOT NULL,
    document_id      VARCHAR NOT NULL
);

-- One row per job class (title) a document defines.
CREATE TABLE IF NOT EXISTS job_classes (
    class_id         VARCHAR PRIMARY KEY,   -- document_id + ':' + position in document
    document_id      VARCHAR NOT NULL,
    jurisdiction_id  VARCHAR,
    series_id        VARCHAR,
    title            VARCHAR NOT NULL,
    title_key        VARCHAR NOT NULL,      -- lower-case, punctuation-free title for matching
    class_code       VARCHAR,
    level_in_series  INTEGER,               -- classes side by side at one level share it
    level_basis      VARCHAR,               -- how the levels were ordered: number | grade | document
    grade            VARCHAR,
    classification   VARCHAR,
    bargaining_unit  VARCHAR,
    char_start       INTEGER,
    char_end         INTEGER,
    confidence       DOUBLE,                -- how surely the title was read (0-1)
    working_title    VARCHAR,               -- the posting's own title when it names an official class title too
    class_key        VARCHAR,               -- one class across versions: jurisdiction (else document) | code:<class
                                            -- code> (else title:<title key>), as extracted
    superseded_by    VARCHAR,               -- class_id of the newer version that replaced it; null while current
    superseded_at    TIMESTAMP
);

-- One row per salary range stated for a class (several per class: pay units, departments).
CREATE TABLE IF NOT EXISTS salary_ranges (
    class_id         VARCHAR NOT NULL,
    document_id      VARCHAR NOT NULL,
    range_order      INTEGER NOT NULL,
    min_amount       DOUBLE NOT NULL,
    max_amount       DOUBLE NOT NULL,
    pay_unit         VARCHAR NOT NULL,      -- hourly | biweekly | semi-monthly | monthly | yearly
    department       VARCHAR,
    min_annual       DOUBLE NOT NULL,
    max_annual       DOUBLE NOT NULL,
    annual_factor    DOUBLE NOT NULL,       -- periods per year used for min_annual/max_annual
    factor_source    VARCHAR NOT NULL,      -- stated-derived | standard
    is_pay_unit_consistent BOOLEAN,         -- null when only one pay unit is stated
    char_start       INTEGER,
    char_end         INTEGER,
    PRIMARY KEY (class_id, range_order)
);

-- One row per alternative way to qualify for a class, in document order.
CREATE TABLE IF NOT EXISTS qualification_paths (
    class_id          VARCHAR NOT NULL,
    document_id       VARCHAR NOT NULL,
    path_order        INTEGER NOT NULL,
    education         VARCHAR,              -- none | high_school | associate | bachelor | master | doctorate | law | coursework
    field             VARCHAR,
    experience_years  DOUBLE,               -- total years the path requires
    specialized_years DOUBLE,
    supervisory_years DOUBLE,
    coursework_units  DOUBLE,               -- semester units of college coursework a coursework path asks for
    coursework_level  VARCHAR,              -- graduate | undergraduate (null unless units are stated)
    char_start        INTEGER,
    char_end          INTEGER,
    PRIMARY KEY (class_id, path_order)
);

-- One row per education -> years substitution stated for a class.
CREATE TABLE IF NOT EXISTS substitutions (
    class_id         VARCHAR NOT NULL,
    document_id      VARCHAR NOT NULL,
    education        VARCHAR NOT NULL,
    years            DOUBLE NOT NULL,
    char_start       INTEGER,
    char_end         INTEGER,
    PRIMARY KEY (class_id, education)
);

-- One row per (from title, to title, kind) stated by a document. Titles are kept as stated;
-- from_class_id/to_class_id are filled where the title resolves to a loaded class.
CREATE TABLE IF NOT EXISTS promotion_edges (
    document_id      VARCHAR NOT NULL,
    from_title       VARCHAR NOT NULL,
    to_title         VARCHAR NOT NULL,
    from_class_id    VARCHAR,
    to_class_id      VARCHAR,
    kind             VARCHAR NOT NULL,      -- series | promotional_line | feeder | supervision | related
    years            DOUBLE,
    confidence       DOUBLE NOT NULL,
    char_start       INTEGER,
    char_end         INTEGER,
    PRIMARY KEY (document_id, from_title, to_title, kind)
);

-- One row per illustrative duty statement of a class.
CREATE TABLE IF NOT EXISTS duties (
    class_id         VARCHAR NOT NULL,
    document_id      VARCHAR NOT NULL,
    duty_order       INTEGER NOT NULL,
    duty_text        VARCHAR NOT NULL,
    char_start       INTEGER,
    char_end         INTEGER,
    PRIMARY KEY (class_id, duty_order)
);

-- One row per evidence span: which characters of which document support which fact.
CREATE TABLE IF NOT EXISTS evidence (
    document_id      VARCHAR NOT NULL,
    fact_key         VARCHAR NOT NULL,      -- e.g. titles[0].grade, promotions[1]
    char_start       INTEGER NOT NULL,
    char_end         INTEGER NOT NULL,
    PRIMARY KEY (document_id, fact_key)
);

-- One row per rejected input (a file or an upload) with the stage that refused it.
CREATE TABLE IF NOT EXISTS ingest_rejects (
    file_name        VARCHAR NOT NULL,
    sha256           VARCHAR,
    stage            VARCHAR NOT NULL,      -- extract | parse | normalize | load
    reason           VARCHAR NOT NULL,
    rejected_at      TIMESTAMP NOT NULL
);

-- One row per (schedule, grade, step, effective date) pay amount, with its source.
CREATE TABLE IF NOT EXISTS pay_schedules (
    schedule_id      VARCHAR NOT NULL,
    grade            VARCHAR NOT NULL,
    step             VARCHAR NOT NULL,      -- 1..10, HR, JR, ADVANCE_AMOUNT, JOB_RATE_ADVANCE, MIN, MAX, WGI
    annual_amount    DOUBLE NOT NULL,
    effective_date   VARCHAR,
    source           VARCHAR NOT NULL,
    PRIMARY KEY (schedule_id, grade, step, effective_date)
);

-- One row per write made through the dashboard or a command (who, with what role, did what, when).
CREATE TABLE IF NOT EXISTS audit_log (
    logged_at        TIMESTAMP NOT NULL,
    user_login       VARCHAR NOT NULL,      -- the signed-in user; "local" when login is off; "cli:<os user>"
    user_role        VARCHAR NOT NULL,      -- viewer | analyst | steward
    action           VARCHAR NOT NULL,      -- e.g. "save a scenario", "load a roster"
    detail           VARCHAR                -- what it acted on: an id, a file name
);

-- One row per steward's correction of an extracted fact; applied on top of what was extracted, on every load of
-- a version of the class, and kept when reverted or replaced.
CREATE TABLE IF NOT EXISTS corrections (
    correction_id    VARCHAR PRIMARY KEY,
    class_key        VARCHAR NOT NULL,      -- the class it corrects, across versions (job_classes.class_key)
    class_title      VARCHAR NOT NULL,      -- the class's title when the correction was made
    field            VARCHAR NOT NULL,      -- title | class_code | grade | salary_min | ... (README: corrections)
    position         INTEGER,               -- 1-based range / path number of a range or path field
    other_title      VARCHAR,               -- the other class of an edge correction
    level            VARCHAR,               -- the education level of a substitution correction
    old_value        VARCHAR,               -- the value as extracted; null: the document states none
    new_value        VARCHAR,               -- the steward's value; null: the fact is marked wrong and removed
    old_row          VARCHAR,               -- the extracted row as JSON (restored exactly on revert)
    reason           VARCHAR NOT NULL,
    author           VARCHAR NOT NULL,
    created_at       TIMESTAMP NOT NULL,
    status           VARCHAR NOT NULL,      -- active | needs_review | reverted | replaced | dismissed
    document_id      VARCHAR,               -- the version it applies to now
    reverted_at      TIMESTAMP,
    reverted_by      VARCHAR
);

-- One row per review-queue item a steward has accepted as read correctly.
CREATE TABLE IF NOT EXISTS review_decisions (
    item_key         VARCHAR PRIMARY KEY,   -- the item's kind and what it is about (review.py)
    decision         VARCHAR NOT NULL,      -- accepted
    author           VARCHAR NOT NULL,
    decided_at       TIMESTAMP NOT NULL
);
