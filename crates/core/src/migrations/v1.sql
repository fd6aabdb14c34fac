-- Version 1: the registry. A fresh database runs every version's step in
-- order (db.rs `STEPS`); a step, once released, is never edited. The test
-- `migrated_database_equals_fresh_one` checks this against the frozen
-- copies in tests/schema/.
--
-- Conventions:
--   * dates are ISO Gregorian text (YYYY-MM-DD); timestamps are UTC ISO-8601;
--   * every name has a `search_key` (text::search_key) for search and
--     duplicate checks, and a `sort_key` (collate::sort_key) whose byte order
--     is Persian alphabetical order, so plain indexes give Persian order;
--   * no index uses the custom `fa` collation.

CREATE TABLE meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
) WITHOUT ROWID;

CREATE TABLE county (
    id         INTEGER PRIMARY KEY,
    name       TEXT NOT NULL,
    search_key TEXT NOT NULL UNIQUE,
    sort_key   BLOB NOT NULL,
    active     INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1))
);

CREATE TABLE orientation (
    id         INTEGER PRIMARY KEY,
    name       TEXT NOT NULL,
    search_key TEXT NOT NULL UNIQUE,
    sort_key   BLOB NOT NULL,
    active     INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1))
);

CREATE TABLE organization (
    id              INTEGER PRIMARY KEY,
    kind            TEXT NOT NULL CHECK (kind IN ('cooperative', 'union')),
    name            TEXT NOT NULL,
    search_key      TEXT NOT NULL,
    sort_key        BLOB NOT NULL,
    national_id     TEXT UNIQUE CHECK (national_id IS NULL OR length(national_id) = 11),
    registration_no TEXT,
    registry_office TEXT,
    field           TEXT NOT NULL CHECK (field IN ('production', 'distribution', 'service')),
    orientation_id  INTEGER REFERENCES orientation(id),
    activity        TEXT,
    county_id       INTEGER REFERENCES county(id),
    founded_on      TEXT,
    member_count    INTEGER CHECK (member_count IS NULL OR member_count >= 0),
    phone           TEXT,
    mobile          TEXT,
    email           TEXT,
    address         TEXT,
    postal_code     TEXT,
    is_small        INTEGER NOT NULL DEFAULT 0 CHECK (is_small IN (0, 1)),
    is_startup      INTEGER NOT NULL DEFAULT 0 CHECK (is_startup IN (0, 1)),
    is_internet     INTEGER NOT NULL DEFAULT 0 CHECK (is_internet IN (0, 1)),
    status          TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'inactive', 'dissolved')),
    created_at      TEXT NOT NULL,
    updated_at      TEXT NOT NULL
);
CREATE INDEX organization_sort ON organization(sort_key);
CREATE INDEX organization_search ON organization(search_key, sort_key);
CREATE INDEX organization_county ON organization(county_id);

CREATE TABLE person (
    id            INTEGER PRIMARY KEY,
    national_code TEXT NOT NULL UNIQUE CHECK (length(national_code) = 10),
    first_name    TEXT NOT NULL,
    last_name     TEXT NOT NULL,
    father_name   TEXT,
    search_key    TEXT NOT NULL,
    sort_key      BLOB NOT NULL,
    gender        TEXT CHECK (gender IN ('male', 'female')),
    birth_date    TEXT,
    education     TEXT CHECK (education IN ('none', 'primary', 'middle', 'diploma', 'associate', 'bachelor', 'master', 'doctorate')),
    mobile        TEXT CHECK (mobile IS NULL OR length(mobile) = 11),
    created_at    TEXT NOT NULL,
    updated_at    TEXT NOT NULL
);
CREATE INDEX person_sort ON person(sort_key);
-- Covers name search: a scan of this narrow index finds and orders matches
-- without reading whole rows.
CREATE INDEX person_search ON person(search_key, sort_key);
CREATE INDEX person_mobile ON person(mobile);

CREATE TABLE membership (
    id              INTEGER PRIMARY KEY,
    person_id       INTEGER NOT NULL REFERENCES person(id),
    organization_id INTEGER NOT NULL REFERENCES organization(id),
    role            TEXT NOT NULL CHECK (role IN ('member', 'board', 'managing_director', 'inspector', 'staff')),
    start_date      TEXT,
    end_date        TEXT CHECK (end_date IS NULL OR start_date IS NULL OR end_date >= start_date),
    created_at      TEXT NOT NULL
);
CREATE INDEX membership_person ON membership(person_id);
CREATE INDEX membership_organization ON membership(organization_id, role);

CREATE TABLE union_membership (
    id             INTEGER PRIMARY KEY,
    union_id       INTEGER NOT NULL REFERENCES organization(id),
    cooperative_id INTEGER NOT NULL REFERENCES organization(id),
    start_date     TEXT,
    end_date       TEXT,
    created_at     TEXT NOT NULL,
    CHECK (union_id <> cooperative_id),
    UNIQUE (union_id, cooperative_id)
);
CREATE INDEX union_membership_cooperative ON union_membership(cooperative_id);

-- One row per insert, update and delete of the tables above, written by
-- triggers so that no code path can skip it. Values are JSON objects.
CREATE TABLE audit_log (
    id         INTEGER PRIMARY KEY,
    at         TEXT NOT NULL,
    action     TEXT NOT NULL CHECK (action IN ('insert', 'update', 'delete', 'bulk')),
    entity     TEXT NOT NULL,
    entity_id  INTEGER,
    old_values TEXT,
    new_values TEXT
);
CREATE INDEX audit_log_entity ON audit_log(entity, entity_id);
