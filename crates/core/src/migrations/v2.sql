-- Version 2: the course catalogue, providers, needs assessment and the
-- cooperatives' training roadmaps.

-- TVTO standards and the general topics. A standard's code is text, kept as
-- the TVTO writes it (never pattern-forced); general topics have none.
CREATE TABLE course (
    id              INTEGER PRIMARY KEY,
    kind            TEXT NOT NULL CHECK (kind IN ('standard', 'general')),
    code            TEXT,
    title           TEXT NOT NULL,
    search_key      TEXT NOT NULL,
    sort_key        BLOB NOT NULL,
    cluster         TEXT,
    course_group    TEXT,
    theory_hours    INTEGER CHECK (theory_hours IS NULL OR theory_hours >= 0),
    practice_hours  INTEGER CHECK (practice_hours IS NULL OR practice_hours >= 0),
    total_hours     INTEGER CHECK (total_hours IS NULL OR total_hours >= 0),
    entry_education TEXT CHECK (entry_education IN ('none', 'primary', 'middle', 'diploma', 'associate', 'bachelor', 'master', 'doctorate')),
    -- Which cooperatives a course suits, for suggestions: a space-separated
    -- list of fields (production, distribution, service) and tags
    -- (general, digital).
    suits           TEXT NOT NULL DEFAULT '',
    active          INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
    created_at      TEXT NOT NULL,
    updated_at      TEXT NOT NULL
);
CREATE UNIQUE INDEX course_code ON course(code) WHERE code IS NOT NULL;
CREATE INDEX course_sort ON course(sort_key);

CREATE TABLE provider (
    id              INTEGER PRIMARY KEY,
    kind            TEXT NOT NULL CHECK (kind IN ('public', 'private')),
    name            TEXT NOT NULL,
    search_key      TEXT NOT NULL UNIQUE,
    sort_key        BLOB NOT NULL,
    county_id       INTEGER REFERENCES county(id),
    licence_no      TEXT,
    licence_expires TEXT,
    active          INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
    created_at      TEXT NOT NULL,
    updated_at      TEXT NOT NULL
);

CREATE TABLE campaign (
    id         INTEGER PRIMARY KEY,
    title      TEXT NOT NULL,
    starts_on  TEXT NOT NULL,
    ends_on    TEXT NOT NULL CHECK (ends_on >= starts_on),
    deadline   TEXT,
    owner      TEXT NOT NULL,
    status     TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'closed')),
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);

-- One need: a cooperative wants a course for some of its people.
CREATE TABLE need_line (
    id              INTEGER PRIMARY KEY,
    campaign_id     INTEGER NOT NULL REFERENCES campaign(id),
    organization_id INTEGER NOT NULL REFERENCES organization(id),
    target_role     TEXT NOT NULL CHECK (target_role IN ('members', 'managers', 'board', 'all')),
    course_id       INTEGER NOT NULL REFERENCES course(id),
    requested       INTEGER NOT NULL CHECK (requested > 0),
    approved        INTEGER CHECK (approved IS NULL OR approved >= 0),
    source          TEXT NOT NULL CHECK (source IN ('assessment', 'self_applied')),
    need_level      INTEGER NOT NULL CHECK (need_level BETWEEN 1 AND 5),
    -- Jalali year and month the clerk aims for, e.g. 1404 and 9.
    target_year     INTEGER,
    target_month    INTEGER CHECK (target_month IS NULL OR target_month BETWEEN 1 AND 12),
    notes           TEXT,
    status          TEXT NOT NULL DEFAULT 'draft'
                    CHECK (status IN ('draft', 'submitted', 'approved', 'planned', 'fulfilled', 'deferred', 'rejected')),
    approved_at     TEXT,
    position        INTEGER NOT NULL DEFAULT 0,
    created_at      TEXT NOT NULL,
    updated_at      TEXT NOT NULL,
    UNIQUE (campaign_id, organization_id, target_role, course_id)
);
CREATE INDEX need_line_organization ON need_line(organization_id);
CREATE INDEX need_line_course ON need_line(course_id);
CREATE INDEX need_line_status ON need_line(status);

-- Every status change of a need line, with its reason.
CREATE TABLE need_history (
    id           INTEGER PRIMARY KEY,
    need_line_id INTEGER NOT NULL REFERENCES need_line(id),
    at           TEXT NOT NULL,
    from_status  TEXT,
    to_status    TEXT NOT NULL,
    reason       TEXT
);
CREATE INDEX need_history_line ON need_history(need_line_id);

-- Named people for a need line.
CREATE TABLE nominee (
    id           INTEGER PRIMARY KEY,
    need_line_id INTEGER NOT NULL REFERENCES need_line(id),
    person_id    INTEGER NOT NULL REFERENCES person(id),
    status       TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'trained', 'withdrawn')),
    created_at   TEXT NOT NULL,
    UNIQUE (need_line_id, person_id)
);
CREATE INDEX nominee_person ON nominee(person_id, status);
