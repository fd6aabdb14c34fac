-- Version 3: the clerk's settings, the TVTO quota, referral rounds and the
-- people referred in them, each with its status history.

-- One row per setting; the value is JSON. Missing keys take the defaults
-- in settings.rs.
CREATE TABLE setting (
    id    INTEGER PRIMARY KEY,
    key   TEXT NOT NULL UNIQUE,
    value TEXT NOT NULL
);

-- A period of the TVTO's training capacity. The cooperatives' quota is
-- capacity × province share × cooperatives' share; what is used of it is
-- always computed from the referrals, never stored.
CREATE TABLE quota_period (
    id             INTEGER PRIMARY KEY,
    title          TEXT NOT NULL,
    starts_on      TEXT NOT NULL,
    ends_on        TEXT NOT NULL CHECK (ends_on >= starts_on),
    unit           TEXT NOT NULL CHECK (unit IN ('seats', 'hours')),
    capacity       INTEGER NOT NULL CHECK (capacity >= 0),
    -- Percentages, e.g. 30 for the cooperatives' 30 %.
    province_share REAL NOT NULL DEFAULT 100 CHECK (province_share > 0 AND province_share <= 100),
    coop_share     REAL NOT NULL DEFAULT 30 CHECK (coop_share > 0 AND coop_share <= 100),
    created_at     TEXT NOT NULL,
    updated_at     TEXT NOT NULL
);

-- Seats for one course or one provider within a period, where the TVTO
-- has said how many.
CREATE TABLE quota_cap (
    id          INTEGER PRIMARY KEY,
    period_id   INTEGER NOT NULL REFERENCES quota_period(id),
    course_id   INTEGER REFERENCES course(id),
    provider_id INTEGER REFERENCES provider(id),
    seats       INTEGER NOT NULL CHECK (seats >= 0),
    CHECK ((course_id IS NULL) <> (provider_id IS NULL))
);
CREATE UNIQUE INDEX quota_cap_course ON quota_cap(period_id, course_id) WHERE course_id IS NOT NULL;
CREATE UNIQUE INDEX quota_cap_provider ON quota_cap(period_id, provider_id) WHERE provider_id IS NOT NULL;

-- A monthly list of people introduced to the TVTO (نوبت معرفی).
CREATE TABLE referral_round (
    id         INTEGER PRIMARY KEY,
    number     INTEGER NOT NULL UNIQUE CHECK (number > 0),
    year       INTEGER NOT NULL,
    month      INTEGER NOT NULL CHECK (month BETWEEN 1 AND 12),
    title      TEXT NOT NULL,
    capacity   INTEGER CHECK (capacity IS NULL OR capacity >= 0),
    letter_no  TEXT,
    sent_on    TEXT,
    status     TEXT NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'locked', 'sent', 'reconciled')),
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);

CREATE TABLE round_history (
    id          INTEGER PRIMARY KEY,
    round_id    INTEGER NOT NULL REFERENCES referral_round(id),
    at          TEXT NOT NULL,
    from_status TEXT,
    to_status   TEXT NOT NULL,
    reason      TEXT
);
CREATE INDEX round_history_round ON round_history(round_id);

-- One person sent for one course in one round. The score and its parts are
-- kept as they were when the person was chosen, so the list can always be
-- explained later.
CREATE TABLE referral (
    id              INTEGER PRIMARY KEY,
    round_id        INTEGER NOT NULL REFERENCES referral_round(id),
    person_id       INTEGER NOT NULL REFERENCES person(id),
    organization_id INTEGER NOT NULL REFERENCES organization(id),
    course_id       INTEGER NOT NULL REFERENCES course(id),
    need_line_id    INTEGER REFERENCES need_line(id),
    role            TEXT CHECK (role IN ('member', 'board', 'managing_director', 'inspector', 'staff')),
    status          TEXT NOT NULL DEFAULT 'proposed'
                    CHECK (status IN ('proposed', 'removed', 'sent', 'enrolled', 'waitlisted', 'declined', 'withdrawn',
                                      'attended_full', 'attended_partial', 'no_show', 'passed', 'failed', 'certified')),
    score           INTEGER NOT NULL DEFAULT 0,
    -- JSON list of {key, label, points}.
    score_parts     TEXT NOT NULL DEFAULT '[]',
    rank            INTEGER NOT NULL,
    added_by        TEXT NOT NULL CHECK (added_by IN ('ranking', 'hand')),
    provider_id     INTEGER REFERENCES provider(id),
    class_starts_on TEXT,
    class_ends_on   TEXT CHECK (class_ends_on IS NULL OR class_starts_on IS NULL OR class_ends_on >= class_starts_on),
    certificate_no  TEXT,
    certificate_on  TEXT,
    notes           TEXT,
    created_at      TEXT NOT NULL,
    updated_at      TEXT NOT NULL,
    UNIQUE (round_id, person_id, course_id)
);
CREATE INDEX referral_person ON referral(person_id, course_id);
CREATE INDEX referral_course ON referral(course_id);
CREATE INDEX referral_organization ON referral(organization_id);
CREATE INDEX referral_status ON referral(status);

CREATE TABLE referral_history (
    id          INTEGER PRIMARY KEY,
    referral_id INTEGER NOT NULL REFERENCES referral(id),
    at          TEXT NOT NULL,
    from_status TEXT,
    to_status   TEXT NOT NULL,
    reason      TEXT
);
CREATE INDEX referral_history_referral ON referral_history(referral_id);
