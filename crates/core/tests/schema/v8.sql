-- Schema version 8 exactly as a version-8 database has it (tables, indexes,
-- audit triggers), frozen for the migration test. Never edit this file.

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

CREATE TABLE need_history (
    id           INTEGER PRIMARY KEY,
    need_line_id INTEGER NOT NULL REFERENCES need_line(id),
    at           TEXT NOT NULL,
    from_status  TEXT,
    to_status    TEXT NOT NULL,
    reason       TEXT
);

CREATE INDEX need_history_line ON need_history(need_line_id);

CREATE TABLE nominee (
    id           INTEGER PRIMARY KEY,
    need_line_id INTEGER NOT NULL REFERENCES need_line(id),
    person_id    INTEGER NOT NULL REFERENCES person(id),
    status       TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'trained', 'withdrawn')),
    created_at   TEXT NOT NULL,
    UNIQUE (need_line_id, person_id)
);

CREATE INDEX nominee_person ON nominee(person_id, status);

CREATE TABLE setting (
    id    INTEGER PRIMARY KEY,
    key   TEXT NOT NULL UNIQUE,
    value TEXT NOT NULL
);

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

CREATE INDEX organization_report
             ON organization(id, kind, field, county_id, is_small, is_startup, is_internet);

CREATE INDEX nominee_status ON nominee(status, need_line_id);

CREATE TABLE audit_log (
             id         INTEGER PRIMARY KEY,
             at         TEXT NOT NULL,
             action     TEXT NOT NULL CHECK (action IN ('insert', 'update', 'delete', 'bulk', 'merge')),
             entity     TEXT NOT NULL,
             entity_id  INTEGER,
             old_values TEXT,
             new_values TEXT,
             actor      TEXT
         );

CREATE INDEX audit_log_entity ON audit_log(entity, entity_id);

CREATE INDEX audit_log_at ON audit_log(at);

CREATE TRIGGER county_audit_insert AFTER INSERT ON county WHEN NOT EXISTS (SELECT 1 FROM meta WHERE key = 'audit_paused') BEGIN
            INSERT INTO audit_log (at, action, entity, entity_id, old_values, new_values, actor)
            VALUES (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), 'insert', 'county', NEW.id, NULL, json_object('name', NEW.name, 'active', NEW.active), (SELECT value FROM meta WHERE key = 'actor'));
        END;

CREATE TRIGGER county_audit_update AFTER UPDATE ON county WHEN NOT EXISTS (SELECT 1 FROM meta WHERE key = 'audit_paused') AND json_object('name', OLD.name, 'active', OLD.active) IS NOT json_object('name', NEW.name, 'active', NEW.active) BEGIN
            INSERT INTO audit_log (at, action, entity, entity_id, old_values, new_values, actor)
            VALUES (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), 'update', 'county', NEW.id, json_object('name', OLD.name, 'active', OLD.active), json_object('name', NEW.name, 'active', NEW.active), (SELECT value FROM meta WHERE key = 'actor'));
        END;

CREATE TRIGGER county_audit_delete AFTER DELETE ON county WHEN NOT EXISTS (SELECT 1 FROM meta WHERE key = 'audit_paused') BEGIN
            INSERT INTO audit_log (at, action, entity, entity_id, old_values, new_values, actor)
            VALUES (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), 'delete', 'county', OLD.id, json_object('name', OLD.name, 'active', OLD.active), NULL, (SELECT value FROM meta WHERE key = 'actor'));
        END;

CREATE TRIGGER orientation_audit_insert AFTER INSERT ON orientation WHEN NOT EXISTS (SELECT 1 FROM meta WHERE key = 'audit_paused') BEGIN
            INSERT INTO audit_log (at, action, entity, entity_id, old_values, new_values, actor)
            VALUES (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), 'insert', 'orientation', NEW.id, NULL, json_object('name', NEW.name, 'active', NEW.active), (SELECT value FROM meta WHERE key = 'actor'));
        END;

CREATE TRIGGER orientation_audit_update AFTER UPDATE ON orientation WHEN NOT EXISTS (SELECT 1 FROM meta WHERE key = 'audit_paused') AND json_object('name', OLD.name, 'active', OLD.active) IS NOT json_object('name', NEW.name, 'active', NEW.active) BEGIN
            INSERT INTO audit_log (at, action, entity, entity_id, old_values, new_values, actor)
            VALUES (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), 'update', 'orientation', NEW.id, json_object('name', OLD.name, 'active', OLD.active), json_object('name', NEW.name, 'active', NEW.active), (SELECT value FROM meta WHERE key = 'actor'));
        END;

CREATE TRIGGER orientation_audit_delete AFTER DELETE ON orientation WHEN NOT EXISTS (SELECT 1 FROM meta WHERE key = 'audit_paused') BEGIN
            INSERT INTO audit_log (at, action, entity, entity_id, old_values, new_values, actor)
            VALUES (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), 'delete', 'orientation', OLD.id, json_object('name', OLD.name, 'active', OLD.active), NULL, (SELECT value FROM meta WHERE key = 'actor'));
        END;

CREATE TRIGGER organization_audit_insert AFTER INSERT ON organization WHEN NOT EXISTS (SELECT 1 FROM meta WHERE key = 'audit_paused') BEGIN
            INSERT INTO audit_log (at, action, entity, entity_id, old_values, new_values, actor)
            VALUES (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), 'insert', 'organization', NEW.id, NULL, json_object('kind', NEW.kind, 'name', NEW.name, 'national_id', NEW.national_id, 'registration_no', NEW.registration_no, 'registry_office', NEW.registry_office, 'field', NEW.field, 'orientation_id', NEW.orientation_id, 'activity', NEW.activity, 'county_id', NEW.county_id, 'founded_on', NEW.founded_on, 'member_count', NEW.member_count, 'phone', NEW.phone, 'mobile', NEW.mobile, 'email', NEW.email, 'address', NEW.address, 'postal_code', NEW.postal_code, 'is_small', NEW.is_small, 'is_startup', NEW.is_startup, 'is_internet', NEW.is_internet, 'status', NEW.status), (SELECT value FROM meta WHERE key = 'actor'));
        END;

CREATE TRIGGER organization_audit_update AFTER UPDATE ON organization WHEN NOT EXISTS (SELECT 1 FROM meta WHERE key = 'audit_paused') AND json_object('kind', OLD.kind, 'name', OLD.name, 'national_id', OLD.national_id, 'registration_no', OLD.registration_no, 'registry_office', OLD.registry_office, 'field', OLD.field, 'orientation_id', OLD.orientation_id, 'activity', OLD.activity, 'county_id', OLD.county_id, 'founded_on', OLD.founded_on, 'member_count', OLD.member_count, 'phone', OLD.phone, 'mobile', OLD.mobile, 'email', OLD.email, 'address', OLD.address, 'postal_code', OLD.postal_code, 'is_small', OLD.is_small, 'is_startup', OLD.is_startup, 'is_internet', OLD.is_internet, 'status', OLD.status) IS NOT json_object('kind', NEW.kind, 'name', NEW.name, 'national_id', NEW.national_id, 'registration_no', NEW.registration_no, 'registry_office', NEW.registry_office, 'field', NEW.field, 'orientation_id', NEW.orientation_id, 'activity', NEW.activity, 'county_id', NEW.county_id, 'founded_on', NEW.founded_on, 'member_count', NEW.member_count, 'phone', NEW.phone, 'mobile', NEW.mobile, 'email', NEW.email, 'address', NEW.address, 'postal_code', NEW.postal_code, 'is_small', NEW.is_small, 'is_startup', NEW.is_startup, 'is_internet', NEW.is_internet, 'status', NEW.status) BEGIN
            INSERT INTO audit_log (at, action, entity, entity_id, old_values, new_values, actor)
            VALUES (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), 'update', 'organization', NEW.id, json_object('kind', OLD.kind, 'name', OLD.name, 'national_id', OLD.national_id, 'registration_no', OLD.registration_no, 'registry_office', OLD.registry_office, 'field', OLD.field, 'orientation_id', OLD.orientation_id, 'activity', OLD.activity, 'county_id', OLD.county_id, 'founded_on', OLD.founded_on, 'member_count', OLD.member_count, 'phone', OLD.phone, 'mobile', OLD.mobile, 'email', OLD.email, 'address', OLD.address, 'postal_code', OLD.postal_code, 'is_small', OLD.is_small, 'is_startup', OLD.is_startup, 'is_internet', OLD.is_internet, 'status', OLD.status), json_object('kind', NEW.kind, 'name', NEW.name, 'national_id', NEW.national_id, 'registration_no', NEW.registration_no, 'registry_office', NEW.registry_office, 'field', NEW.field, 'orientation_id', NEW.orientation_id, 'activity', NEW.activity, 'county_id', NEW.county_id, 'founded_on', NEW.founded_on, 'member_count', NEW.member_count, 'phone', NEW.phone, 'mobile', NEW.mobile, 'email', NEW.email, 'address', NEW.address, 'postal_code', NEW.postal_code, 'is_small', NEW.is_small, 'is_startup', NEW.is_startup, 'is_internet', NEW.is_internet, 'status', NEW.status), (SELECT value FROM meta WHERE key = 'actor'));
        END;

CREATE TRIGGER organization_audit_delete AFTER DELETE ON organization WHEN NOT EXISTS (SELECT 1 FROM meta WHERE key = 'audit_paused') BEGIN
            INSERT INTO audit_log (at, action, entity, entity_id, old_values, new_values, actor)
            VALUES (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), 'delete', 'organization', OLD.id, json_object('kind', OLD.kind, 'name', OLD.name, 'national_id', OLD.national_id, 'registration_no', OLD.registration_no, 'registry_office', OLD.registry_office, 'field', OLD.field, 'orientation_id', OLD.orientation_id, 'activity', OLD.activity, 'county_id', OLD.county_id, 'founded_on', OLD.founded_on, 'member_count', OLD.member_count, 'phone', OLD.phone, 'mobile', OLD.mobile, 'email', OLD.email, 'address', OLD.address, 'postal_code', OLD.postal_code, 'is_small', OLD.is_small, 'is_startup', OLD.is_startup, 'is_internet', OLD.is_internet, 'status', OLD.status), NULL, (SELECT value FROM meta WHERE key = 'actor'));
        END;

CREATE TRIGGER person_audit_insert AFTER INSERT ON person WHEN NOT EXISTS (SELECT 1 FROM meta WHERE key = 'audit_paused') BEGIN
            INSERT INTO audit_log (at, action, entity, entity_id, old_values, new_values, actor)
            VALUES (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), 'insert', 'person', NEW.id, NULL, json_object('national_code', NEW.national_code, 'first_name', NEW.first_name, 'last_name', NEW.last_name, 'father_name', NEW.father_name, 'gender', NEW.gender, 'birth_date', NEW.birth_date, 'education', NEW.education, 'mobile', NEW.mobile), (SELECT value FROM meta WHERE key = 'actor'));
        END;

CREATE TRIGGER person_audit_update AFTER UPDATE ON person WHEN NOT EXISTS (SELECT 1 FROM meta WHERE key = 'audit_paused') AND json_object('national_code', OLD.national_code, 'first_name', OLD.first_name, 'last_name', OLD.last_name, 'father_name', OLD.father_name, 'gender', OLD.gender, 'birth_date', OLD.birth_date, 'education', OLD.education, 'mobile', OLD.mobile) IS NOT json_object('national_code', NEW.national_code, 'first_name', NEW.first_name, 'last_name', NEW.last_name, 'father_name', NEW.father_name, 'gender', NEW.gender, 'birth_date', NEW.birth_date, 'education', NEW.education, 'mobile', NEW.mobile) BEGIN
            INSERT INTO audit_log (at, action, entity, entity_id, old_values, new_values, actor)
            VALUES (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), 'update', 'person', NEW.id, json_object('national_code', OLD.national_code, 'first_name', OLD.first_name, 'last_name', OLD.last_name, 'father_name', OLD.father_name, 'gender', OLD.gender, 'birth_date', OLD.birth_date, 'education', OLD.education, 'mobile', OLD.mobile), json_object('national_code', NEW.national_code, 'first_name', NEW.first_name, 'last_name', NEW.last_name, 'father_name', NEW.father_name, 'gender', NEW.gender, 'birth_date', NEW.birth_date, 'education', NEW.education, 'mobile', NEW.mobile), (SELECT value FROM meta WHERE key = 'actor'));
        END;

CREATE TRIGGER person_audit_delete AFTER DELETE ON person WHEN NOT EXISTS (SELECT 1 FROM meta WHERE key = 'audit_paused') BEGIN
            INSERT INTO audit_log (at, action, entity, entity_id, old_values, new_values, actor)
            VALUES (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), 'delete', 'person', OLD.id, json_object('national_code', OLD.national_code, 'first_name', OLD.first_name, 'last_name', OLD.last_name, 'father_name', OLD.father_name, 'gender', OLD.gender, 'birth_date', OLD.birth_date, 'education', OLD.education, 'mobile', OLD.mobile), NULL, (SELECT value FROM meta WHERE key = 'actor'));
        END;

CREATE TRIGGER membership_audit_insert AFTER INSERT ON membership WHEN NOT EXISTS (SELECT 1 FROM meta WHERE key = 'audit_paused') BEGIN
            INSERT INTO audit_log (at, action, entity, entity_id, old_values, new_values, actor)
            VALUES (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), 'insert', 'membership', NEW.id, NULL, json_object('person_id', NEW.person_id, 'organization_id', NEW.organization_id, 'role', NEW.role, 'start_date', NEW.start_date, 'end_date', NEW.end_date), (SELECT value FROM meta WHERE key = 'actor'));
        END;

CREATE TRIGGER membership_audit_update AFTER UPDATE ON membership WHEN NOT EXISTS (SELECT 1 FROM meta WHERE key = 'audit_paused') AND json_object('person_id', OLD.person_id, 'organization_id', OLD.organization_id, 'role', OLD.role, 'start_date', OLD.start_date, 'end_date', OLD.end_date) IS NOT json_object('person_id', NEW.person_id, 'organization_id', NEW.organization_id, 'role', NEW.role, 'start_date', NEW.start_date, 'end_date', NEW.end_date) BEGIN
            INSERT INTO audit_log (at, action, entity, entity_id, old_values, new_values, actor)
            VALUES (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), 'update', 'membership', NEW.id, json_object('person_id', OLD.person_id, 'organization_id', OLD.organization_id, 'role', OLD.role, 'start_date', OLD.start_date, 'end_date', OLD.end_date), json_object('person_id', NEW.person_id, 'organization_id', NEW.organization_id, 'role', NEW.role, 'start_date', NEW.start_date, 'end_date', NEW.end_date), (SELECT value FROM meta WHERE key = 'actor'));
        END;

CREATE TRIGGER membership_audit_delete AFTER DELETE ON membership WHEN NOT EXISTS (SELECT 1 FROM meta WHERE key = 'audit_paused') BEGIN
            INSERT INTO audit_log (at, action, entity, entity_id, old_values, new_values, actor)
            VALUES (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), 'delete', 'membership', OLD.id, json_object('person_id', OLD.person_id, 'organization_id', OLD.organization_id, 'role', OLD.role, 'start_date', OLD.start_date, 'end_date', OLD.end_date), NULL, (SELECT value FROM meta WHERE key = 'actor'));
        END;

CREATE TRIGGER union_membership_audit_insert AFTER INSERT ON union_membership WHEN NOT EXISTS (SELECT 1 FROM meta WHERE key = 'audit_paused') BEGIN
            INSERT INTO audit_log (at, action, entity, entity_id, old_values, new_values, actor)
            VALUES (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), 'insert', 'union_membership', NEW.id, NULL, json_object('union_id', NEW.union_id, 'cooperative_id', NEW.cooperative_id, 'start_date', NEW.start_date, 'end_date', NEW.end_date), (SELECT value FROM meta WHERE key = 'actor'));
        END;

CREATE TRIGGER union_membership_audit_update AFTER UPDATE ON union_membership WHEN NOT EXISTS (SELECT 1 FROM meta WHERE key = 'audit_paused') AND json_object('union_id', OLD.union_id, 'cooperative_id', OLD.cooperative_id, 'start_date', OLD.start_date, 'end_date', OLD.end_date) IS NOT json_object('union_id', NEW.union_id, 'cooperative_id', NEW.cooperative_id, 'start_date', NEW.start_date, 'end_date', NEW.end_date) BEGIN
            INSERT INTO audit_log (at, action, entity, entity_id, old_values, new_values, actor)
            VALUES (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), 'update', 'union_membership', NEW.id, json_object('union_id', OLD.union_id, 'cooperative_id', OLD.cooperative_id, 'start_date', OLD.start_date, 'end_date', OLD.end_date), json_object('union_id', NEW.union_id, 'cooperative_id', NEW.cooperative_id, 'start_date', NEW.start_date, 'end_date', NEW.end_date), (SELECT value FROM meta WHERE key = 'actor'));
        END;

CREATE TRIGGER union_membership_audit_delete AFTER DELETE ON union_membership WHEN NOT EXISTS (SELECT 1 FROM meta WHERE key = 'audit_paused') BEGIN
            INSERT INTO audit_log (at, action, entity, entity_id, old_values, new_values, actor)
            VALUES (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), 'delete', 'union_membership', OLD.id, json_object('union_id', OLD.union_id, 'cooperative_id', OLD.cooperative_id, 'start_date', OLD.start_date, 'end_date', OLD.end_date), NULL, (SELECT value FROM meta WHERE key = 'actor'));
        END;

CREATE TRIGGER course_audit_insert AFTER INSERT ON course WHEN NOT EXISTS (SELECT 1 FROM meta WHERE key = 'audit_paused') BEGIN
            INSERT INTO audit_log (at, action, entity, entity_id, old_values, new_values, actor)
            VALUES (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), 'insert', 'course', NEW.id, NULL, json_object('kind', NEW.kind, 'code', NEW.code, 'title', NEW.title, 'cluster', NEW.cluster, 'course_group', NEW.course_group, 'theory_hours', NEW.theory_hours, 'practice_hours', NEW.practice_hours, 'total_hours', NEW.total_hours, 'entry_education', NEW.entry_education, 'suits', NEW.suits, 'active', NEW.active), (SELECT value FROM meta WHERE key = 'actor'));
        END;

CREATE TRIGGER course_audit_update AFTER UPDATE ON course WHEN NOT EXISTS (SELECT 1 FROM meta WHERE key = 'audit_paused') AND json_object('kind', OLD.kind, 'code', OLD.code, 'title', OLD.title, 'cluster', OLD.cluster, 'course_group', OLD.course_group, 'theory_hours', OLD.theory_hours, 'practice_hours', OLD.practice_hours, 'total_hours', OLD.total_hours, 'entry_education', OLD.entry_education, 'suits', OLD.suits, 'active', OLD.active) IS NOT json_object('kind', NEW.kind, 'code', NEW.code, 'title', NEW.title, 'cluster', NEW.cluster, 'course_group', NEW.course_group, 'theory_hours', NEW.theory_hours, 'practice_hours', NEW.practice_hours, 'total_hours', NEW.total_hours, 'entry_education', NEW.entry_education, 'suits', NEW.suits, 'active', NEW.active) BEGIN
            INSERT INTO audit_log (at, action, entity, entity_id, old_values, new_values, actor)
            VALUES (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), 'update', 'course', NEW.id, json_object('kind', OLD.kind, 'code', OLD.code, 'title', OLD.title, 'cluster', OLD.cluster, 'course_group', OLD.course_group, 'theory_hours', OLD.theory_hours, 'practice_hours', OLD.practice_hours, 'total_hours', OLD.total_hours, 'entry_education', OLD.entry_education, 'suits', OLD.suits, 'active', OLD.active), json_object('kind', NEW.kind, 'code', NEW.code, 'title', NEW.title, 'cluster', NEW.cluster, 'course_group', NEW.course_group, 'theory_hours', NEW.theory_hours, 'practice_hours', NEW.practice_hours, 'total_hours', NEW.total_hours, 'entry_education', NEW.entry_education, 'suits', NEW.suits, 'active', NEW.active), (SELECT value FROM meta WHERE key = 'actor'));
        END;

CREATE TRIGGER course_audit_delete AFTER DELETE ON course WHEN NOT EXISTS (SELECT 1 FROM meta WHERE key = 'audit_paused') BEGIN
            INSERT INTO audit_log (at, action, entity, entity_id, old_values, new_values, actor)
            VALUES (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), 'delete', 'course', OLD.id, json_object('kind', OLD.kind, 'code', OLD.code, 'title', OLD.title, 'cluster', OLD.cluster, 'course_group', OLD.course_group, 'theory_hours', OLD.theory_hours, 'practice_hours', OLD.practice_hours, 'total_hours', OLD.total_hours, 'entry_education', OLD.entry_education, 'suits', OLD.suits, 'active', OLD.active), NULL, (SELECT value FROM meta WHERE key = 'actor'));
        END;

CREATE TRIGGER provider_audit_insert AFTER INSERT ON provider WHEN NOT EXISTS (SELECT 1 FROM meta WHERE key = 'audit_paused') BEGIN
            INSERT INTO audit_log (at, action, entity, entity_id, old_values, new_values, actor)
            VALUES (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), 'insert', 'provider', NEW.id, NULL, json_object('kind', NEW.kind, 'name', NEW.name, 'county_id', NEW.county_id, 'licence_no', NEW.licence_no, 'licence_expires', NEW.licence_expires, 'active', NEW.active), (SELECT value FROM meta WHERE key = 'actor'));
        END;

CREATE TRIGGER provider_audit_update AFTER UPDATE ON provider WHEN NOT EXISTS (SELECT 1 FROM meta WHERE key = 'audit_paused') AND json_object('kind', OLD.kind, 'name', OLD.name, 'county_id', OLD.county_id, 'licence_no', OLD.licence_no, 'licence_expires', OLD.licence_expires, 'active', OLD.active) IS NOT json_object('kind', NEW.kind, 'name', NEW.name, 'county_id', NEW.county_id, 'licence_no', NEW.licence_no, 'licence_expires', NEW.licence_expires, 'active', NEW.active) BEGIN
            INSERT INTO audit_log (at, action, entity, entity_id, old_values, new_values, actor)
            VALUES (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), 'update', 'provider', NEW.id, json_object('kind', OLD.kind, 'name', OLD.name, 'county_id', OLD.county_id, 'licence_no', OLD.licence_no, 'licence_expires', OLD.licence_expires, 'active', OLD.active), json_object('kind', NEW.kind, 'name', NEW.name, 'county_id', NEW.county_id, 'licence_no', NEW.licence_no, 'licence_expires', NEW.licence_expires, 'active', NEW.active), (SELECT value FROM meta WHERE key = 'actor'));
        END;

CREATE TRIGGER provider_audit_delete AFTER DELETE ON provider WHEN NOT EXISTS (SELECT 1 FROM meta WHERE key = 'audit_paused') BEGIN
            INSERT INTO audit_log (at, action, entity, entity_id, old_values, new_values, actor)
            VALUES (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), 'delete', 'provider', OLD.id, json_object('kind', OLD.kind, 'name', OLD.name, 'county_id', OLD.county_id, 'licence_no', OLD.licence_no, 'licence_expires', OLD.licence_expires, 'active', OLD.active), NULL, (SELECT value FROM meta WHERE key = 'actor'));
        END;

CREATE TRIGGER campaign_audit_insert AFTER INSERT ON campaign WHEN NOT EXISTS (SELECT 1 FROM meta WHERE key = 'audit_paused') BEGIN
            INSERT INTO audit_log (at, action, entity, entity_id, old_values, new_values, actor)
            VALUES (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), 'insert', 'campaign', NEW.id, NULL, json_object('title', NEW.title, 'starts_on', NEW.starts_on, 'ends_on', NEW.ends_on, 'deadline', NEW.deadline, 'owner', NEW.owner, 'status', NEW.status), (SELECT value FROM meta WHERE key = 'actor'));
        END;

CREATE TRIGGER campaign_audit_update AFTER UPDATE ON campaign WHEN NOT EXISTS (SELECT 1 FROM meta WHERE key = 'audit_paused') AND json_object('title', OLD.title, 'starts_on', OLD.starts_on, 'ends_on', OLD.ends_on, 'deadline', OLD.deadline, 'owner', OLD.owner, 'status', OLD.status) IS NOT json_object('title', NEW.title, 'starts_on', NEW.starts_on, 'ends_on', NEW.ends_on, 'deadline', NEW.deadline, 'owner', NEW.owner, 'status', NEW.status) BEGIN
            INSERT INTO audit_log (at, action, entity, entity_id, old_values, new_values, actor)
            VALUES (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), 'update', 'campaign', NEW.id, json_object('title', OLD.title, 'starts_on', OLD.starts_on, 'ends_on', OLD.ends_on, 'deadline', OLD.deadline, 'owner', OLD.owner, 'status', OLD.status), json_object('title', NEW.title, 'starts_on', NEW.starts_on, 'ends_on', NEW.ends_on, 'deadline', NEW.deadline, 'owner', NEW.owner, 'status', NEW.status), (SELECT value FROM meta WHERE key = 'actor'));
        END;

CREATE TRIGGER campaign_audit_delete AFTER DELETE ON campaign WHEN NOT EXISTS (SELECT 1 FROM meta WHERE key = 'audit_paused') BEGIN
            INSERT INTO audit_log (at, action, entity, entity_id, old_values, new_values, actor)
            VALUES (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), 'delete', 'campaign', OLD.id, json_object('title', OLD.title, 'starts_on', OLD.starts_on, 'ends_on', OLD.ends_on, 'deadline', OLD.deadline, 'owner', OLD.owner, 'status', OLD.status), NULL, (SELECT value FROM meta WHERE key = 'actor'));
        END;

CREATE TRIGGER need_line_audit_insert AFTER INSERT ON need_line WHEN NOT EXISTS (SELECT 1 FROM meta WHERE key = 'audit_paused') BEGIN
            INSERT INTO audit_log (at, action, entity, entity_id, old_values, new_values, actor)
            VALUES (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), 'insert', 'need_line', NEW.id, NULL, json_object('campaign_id', NEW.campaign_id, 'organization_id', NEW.organization_id, 'target_role', NEW.target_role, 'course_id', NEW.course_id, 'requested', NEW.requested, 'approved', NEW.approved, 'source', NEW.source, 'need_level', NEW.need_level, 'target_year', NEW.target_year, 'target_month', NEW.target_month, 'notes', NEW.notes, 'status', NEW.status, 'position', NEW.position), (SELECT value FROM meta WHERE key = 'actor'));
        END;

CREATE TRIGGER need_line_audit_update AFTER UPDATE ON need_line WHEN NOT EXISTS (SELECT 1 FROM meta WHERE key = 'audit_paused') AND json_object('campaign_id', OLD.campaign_id, 'organization_id', OLD.organization_id, 'target_role', OLD.target_role, 'course_id', OLD.course_id, 'requested', OLD.requested, 'approved', OLD.approved, 'source', OLD.source, 'need_level', OLD.need_level, 'target_year', OLD.target_year, 'target_month', OLD.target_month, 'notes', OLD.notes, 'status', OLD.status, 'position', OLD.position) IS NOT json_object('campaign_id', NEW.campaign_id, 'organization_id', NEW.organization_id, 'target_role', NEW.target_role, 'course_id', NEW.course_id, 'requested', NEW.requested, 'approved', NEW.approved, 'source', NEW.source, 'need_level', NEW.need_level, 'target_year', NEW.target_year, 'target_month', NEW.target_month, 'notes', NEW.notes, 'status', NEW.status, 'position', NEW.position) BEGIN
            INSERT INTO audit_log (at, action, entity, entity_id, old_values, new_values, actor)
            VALUES (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), 'update', 'need_line', NEW.id, json_object('campaign_id', OLD.campaign_id, 'organization_id', OLD.organization_id, 'target_role', OLD.target_role, 'course_id', OLD.course_id, 'requested', OLD.requested, 'approved', OLD.approved, 'source', OLD.source, 'need_level', OLD.need_level, 'target_year', OLD.target_year, 'target_month', OLD.target_month, 'notes', OLD.notes, 'status', OLD.status, 'position', OLD.position), json_object('campaign_id', NEW.campaign_id, 'organization_id', NEW.organization_id, 'target_role', NEW.target_role, 'course_id', NEW.course_id, 'requested', NEW.requested, 'approved', NEW.approved, 'source', NEW.source, 'need_level', NEW.need_level, 'target_year', NEW.target_year, 'target_month', NEW.target_month, 'notes', NEW.notes, 'status', NEW.status, 'position', NEW.position), (SELECT value FROM meta WHERE key = 'actor'));
        END;

CREATE TRIGGER need_line_audit_delete AFTER DELETE ON need_line WHEN NOT EXISTS (SELECT 1 FROM meta WHERE key = 'audit_paused') BEGIN
            INSERT INTO audit_log (at, action, entity, entity_id, old_values, new_values, actor)
            VALUES (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), 'delete', 'need_line', OLD.id, json_object('campaign_id', OLD.campaign_id, 'organization_id', OLD.organization_id, 'target_role', OLD.target_role, 'course_id', OLD.course_id, 'requested', OLD.requested, 'approved', OLD.approved, 'source', OLD.source, 'need_level', OLD.need_level, 'target_year', OLD.target_year, 'target_month', OLD.target_month, 'notes', OLD.notes, 'status', OLD.status, 'position', OLD.position), NULL, (SELECT value FROM meta WHERE key = 'actor'));
        END;

CREATE TRIGGER nominee_audit_insert AFTER INSERT ON nominee WHEN NOT EXISTS (SELECT 1 FROM meta WHERE key = 'audit_paused') BEGIN
            INSERT INTO audit_log (at, action, entity, entity_id, old_values, new_values, actor)
            VALUES (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), 'insert', 'nominee', NEW.id, NULL, json_object('need_line_id', NEW.need_line_id, 'person_id', NEW.person_id, 'status', NEW.status), (SELECT value FROM meta WHERE key = 'actor'));
        END;

CREATE TRIGGER nominee_audit_update AFTER UPDATE ON nominee WHEN NOT EXISTS (SELECT 1 FROM meta WHERE key = 'audit_paused') AND json_object('need_line_id', OLD.need_line_id, 'person_id', OLD.person_id, 'status', OLD.status) IS NOT json_object('need_line_id', NEW.need_line_id, 'person_id', NEW.person_id, 'status', NEW.status) BEGIN
            INSERT INTO audit_log (at, action, entity, entity_id, old_values, new_values, actor)
            VALUES (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), 'update', 'nominee', NEW.id, json_object('need_line_id', OLD.need_line_id, 'person_id', OLD.person_id, 'status', OLD.status), json_object('need_line_id', NEW.need_line_id, 'person_id', NEW.person_id, 'status', NEW.status), (SELECT value FROM meta WHERE key = 'actor'));
        END;

CREATE TRIGGER nominee_audit_delete AFTER DELETE ON nominee WHEN NOT EXISTS (SELECT 1 FROM meta WHERE key = 'audit_paused') BEGIN
            INSERT INTO audit_log (at, action, entity, entity_id, old_values, new_values, actor)
            VALUES (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), 'delete', 'nominee', OLD.id, json_object('need_line_id', OLD.need_line_id, 'person_id', OLD.person_id, 'status', OLD.status), NULL, (SELECT value FROM meta WHERE key = 'actor'));
        END;

CREATE TRIGGER setting_audit_insert AFTER INSERT ON setting WHEN NOT EXISTS (SELECT 1 FROM meta WHERE key = 'audit_paused') BEGIN
            INSERT INTO audit_log (at, action, entity, entity_id, old_values, new_values, actor)
            VALUES (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), 'insert', 'setting', NEW.id, NULL, json_object('key', NEW.key, 'value', NEW.value), (SELECT value FROM meta WHERE key = 'actor'));
        END;

CREATE TRIGGER setting_audit_update AFTER UPDATE ON setting WHEN NOT EXISTS (SELECT 1 FROM meta WHERE key = 'audit_paused') AND json_object('key', OLD.key, 'value', OLD.value) IS NOT json_object('key', NEW.key, 'value', NEW.value) BEGIN
            INSERT INTO audit_log (at, action, entity, entity_id, old_values, new_values, actor)
            VALUES (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), 'update', 'setting', NEW.id, json_object('key', OLD.key, 'value', OLD.value), json_object('key', NEW.key, 'value', NEW.value), (SELECT value FROM meta WHERE key = 'actor'));
        END;

CREATE TRIGGER setting_audit_delete AFTER DELETE ON setting WHEN NOT EXISTS (SELECT 1 FROM meta WHERE key = 'audit_paused') BEGIN
            INSERT INTO audit_log (at, action, entity, entity_id, old_values, new_values, actor)
            VALUES (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), 'delete', 'setting', OLD.id, json_object('key', OLD.key, 'value', OLD.value), NULL, (SELECT value FROM meta WHERE key = 'actor'));
        END;

CREATE TRIGGER quota_period_audit_insert AFTER INSERT ON quota_period WHEN NOT EXISTS (SELECT 1 FROM meta WHERE key = 'audit_paused') BEGIN
            INSERT INTO audit_log (at, action, entity, entity_id, old_values, new_values, actor)
            VALUES (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), 'insert', 'quota_period', NEW.id, NULL, json_object('title', NEW.title, 'starts_on', NEW.starts_on, 'ends_on', NEW.ends_on, 'unit', NEW.unit, 'capacity', NEW.capacity, 'province_share', NEW.province_share, 'coop_share', NEW.coop_share), (SELECT value FROM meta WHERE key = 'actor'));
        END;

CREATE TRIGGER quota_period_audit_update AFTER UPDATE ON quota_period WHEN NOT EXISTS (SELECT 1 FROM meta WHERE key = 'audit_paused') AND json_object('title', OLD.title, 'starts_on', OLD.starts_on, 'ends_on', OLD.ends_on, 'unit', OLD.unit, 'capacity', OLD.capacity, 'province_share', OLD.province_share, 'coop_share', OLD.coop_share) IS NOT json_object('title', NEW.title, 'starts_on', NEW.starts_on, 'ends_on', NEW.ends_on, 'unit', NEW.unit, 'capacity', NEW.capacity, 'province_share', NEW.province_share, 'coop_share', NEW.coop_share) BEGIN
            INSERT INTO audit_log (at, action, entity, entity_id, old_values, new_values, actor)
            VALUES (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), 'update', 'quota_period', NEW.id, json_object('title', OLD.title, 'starts_on', OLD.starts_on, 'ends_on', OLD.ends_on, 'unit', OLD.unit, 'capacity', OLD.capacity, 'province_share', OLD.province_share, 'coop_share', OLD.coop_share), json_object('title', NEW.title, 'starts_on', NEW.starts_on, 'ends_on', NEW.ends_on, 'unit', NEW.unit, 'capacity', NEW.capacity, 'province_share', NEW.province_share, 'coop_share', NEW.coop_share), (SELECT value FROM meta WHERE key = 'actor'));
        END;

CREATE TRIGGER quota_period_audit_delete AFTER DELETE ON quota_period WHEN NOT EXISTS (SELECT 1 FROM meta WHERE key = 'audit_paused') BEGIN
            INSERT INTO audit_log (at, action, entity, entity_id, old_values, new_values, actor)
            VALUES (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), 'delete', 'quota_period', OLD.id, json_object('title', OLD.title, 'starts_on', OLD.starts_on, 'ends_on', OLD.ends_on, 'unit', OLD.unit, 'capacity', OLD.capacity, 'province_share', OLD.province_share, 'coop_share', OLD.coop_share), NULL, (SELECT value FROM meta WHERE key = 'actor'));
        END;

CREATE TRIGGER quota_cap_audit_insert AFTER INSERT ON quota_cap WHEN NOT EXISTS (SELECT 1 FROM meta WHERE key = 'audit_paused') BEGIN
            INSERT INTO audit_log (at, action, entity, entity_id, old_values, new_values, actor)
            VALUES (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), 'insert', 'quota_cap', NEW.id, NULL, json_object('period_id', NEW.period_id, 'course_id', NEW.course_id, 'provider_id', NEW.provider_id, 'seats', NEW.seats), (SELECT value FROM meta WHERE key = 'actor'));
        END;

CREATE TRIGGER quota_cap_audit_update AFTER UPDATE ON quota_cap WHEN NOT EXISTS (SELECT 1 FROM meta WHERE key = 'audit_paused') AND json_object('period_id', OLD.period_id, 'course_id', OLD.course_id, 'provider_id', OLD.provider_id, 'seats', OLD.seats) IS NOT json_object('period_id', NEW.period_id, 'course_id', NEW.course_id, 'provider_id', NEW.provider_id, 'seats', NEW.seats) BEGIN
            INSERT INTO audit_log (at, action, entity, entity_id, old_values, new_values, actor)
            VALUES (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), 'update', 'quota_cap', NEW.id, json_object('period_id', OLD.period_id, 'course_id', OLD.course_id, 'provider_id', OLD.provider_id, 'seats', OLD.seats), json_object('period_id', NEW.period_id, 'course_id', NEW.course_id, 'provider_id', NEW.provider_id, 'seats', NEW.seats), (SELECT value FROM meta WHERE key = 'actor'));
        END;

CREATE TRIGGER quota_cap_audit_delete AFTER DELETE ON quota_cap WHEN NOT EXISTS (SELECT 1 FROM meta WHERE key = 'audit_paused') BEGIN
            INSERT INTO audit_log (at, action, entity, entity_id, old_values, new_values, actor)
            VALUES (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), 'delete', 'quota_cap', OLD.id, json_object('period_id', OLD.period_id, 'course_id', OLD.course_id, 'provider_id', OLD.provider_id, 'seats', OLD.seats), NULL, (SELECT value FROM meta WHERE key = 'actor'));
        END;

CREATE TRIGGER referral_round_audit_insert AFTER INSERT ON referral_round WHEN NOT EXISTS (SELECT 1 FROM meta WHERE key = 'audit_paused') BEGIN
            INSERT INTO audit_log (at, action, entity, entity_id, old_values, new_values, actor)
            VALUES (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), 'insert', 'referral_round', NEW.id, NULL, json_object('number', NEW.number, 'year', NEW.year, 'month', NEW.month, 'title', NEW.title, 'capacity', NEW.capacity, 'letter_no', NEW.letter_no, 'sent_on', NEW.sent_on, 'status', NEW.status), (SELECT value FROM meta WHERE key = 'actor'));
        END;

CREATE TRIGGER referral_round_audit_update AFTER UPDATE ON referral_round WHEN NOT EXISTS (SELECT 1 FROM meta WHERE key = 'audit_paused') AND json_object('number', OLD.number, 'year', OLD.year, 'month', OLD.month, 'title', OLD.title, 'capacity', OLD.capacity, 'letter_no', OLD.letter_no, 'sent_on', OLD.sent_on, 'status', OLD.status) IS NOT json_object('number', NEW.number, 'year', NEW.year, 'month', NEW.month, 'title', NEW.title, 'capacity', NEW.capacity, 'letter_no', NEW.letter_no, 'sent_on', NEW.sent_on, 'status', NEW.status) BEGIN
            INSERT INTO audit_log (at, action, entity, entity_id, old_values, new_values, actor)
            VALUES (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), 'update', 'referral_round', NEW.id, json_object('number', OLD.number, 'year', OLD.year, 'month', OLD.month, 'title', OLD.title, 'capacity', OLD.capacity, 'letter_no', OLD.letter_no, 'sent_on', OLD.sent_on, 'status', OLD.status), json_object('number', NEW.number, 'year', NEW.year, 'month', NEW.month, 'title', NEW.title, 'capacity', NEW.capacity, 'letter_no', NEW.letter_no, 'sent_on', NEW.sent_on, 'status', NEW.status), (SELECT value FROM meta WHERE key = 'actor'));
        END;

CREATE TRIGGER referral_round_audit_delete AFTER DELETE ON referral_round WHEN NOT EXISTS (SELECT 1 FROM meta WHERE key = 'audit_paused') BEGIN
            INSERT INTO audit_log (at, action, entity, entity_id, old_values, new_values, actor)
            VALUES (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), 'delete', 'referral_round', OLD.id, json_object('number', OLD.number, 'year', OLD.year, 'month', OLD.month, 'title', OLD.title, 'capacity', OLD.capacity, 'letter_no', OLD.letter_no, 'sent_on', OLD.sent_on, 'status', OLD.status), NULL, (SELECT value FROM meta WHERE key = 'actor'));
        END;

CREATE TRIGGER referral_audit_insert AFTER INSERT ON referral WHEN NOT EXISTS (SELECT 1 FROM meta WHERE key = 'audit_paused') BEGIN
            INSERT INTO audit_log (at, action, entity, entity_id, old_values, new_values, actor)
            VALUES (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), 'insert', 'referral', NEW.id, NULL, json_object('round_id', NEW.round_id, 'person_id', NEW.person_id, 'organization_id', NEW.organization_id, 'course_id', NEW.course_id, 'need_line_id', NEW.need_line_id, 'role', NEW.role, 'status', NEW.status, 'score', NEW.score, 'rank', NEW.rank, 'added_by', NEW.added_by, 'provider_id', NEW.provider_id, 'class_starts_on', NEW.class_starts_on, 'class_ends_on', NEW.class_ends_on, 'certificate_no', NEW.certificate_no, 'certificate_on', NEW.certificate_on, 'notes', NEW.notes), (SELECT value FROM meta WHERE key = 'actor'));
        END;

CREATE TRIGGER referral_audit_update AFTER UPDATE ON referral WHEN NOT EXISTS (SELECT 1 FROM meta WHERE key = 'audit_paused') AND json_object('round_id', OLD.round_id, 'person_id', OLD.person_id, 'organization_id', OLD.organization_id, 'course_id', OLD.course_id, 'need_line_id', OLD.need_line_id, 'role', OLD.role, 'status', OLD.status, 'score', OLD.score, 'rank', OLD.rank, 'added_by', OLD.added_by, 'provider_id', OLD.provider_id, 'class_starts_on', OLD.class_starts_on, 'class_ends_on', OLD.class_ends_on, 'certificate_no', OLD.certificate_no, 'certificate_on', OLD.certificate_on, 'notes', OLD.notes) IS NOT json_object('round_id', NEW.round_id, 'person_id', NEW.person_id, 'organization_id', NEW.organization_id, 'course_id', NEW.course_id, 'need_line_id', NEW.need_line_id, 'role', NEW.role, 'status', NEW.status, 'score', NEW.score, 'rank', NEW.rank, 'added_by', NEW.added_by, 'provider_id', NEW.provider_id, 'class_starts_on', NEW.class_starts_on, 'class_ends_on', NEW.class_ends_on, 'certificate_no', NEW.certificate_no, 'certificate_on', NEW.certificate_on, 'notes', NEW.notes) BEGIN
            INSERT INTO audit_log (at, action, entity, entity_id, old_values, new_values, actor)
            VALUES (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), 'update', 'referral', NEW.id, json_object('round_id', OLD.round_id, 'person_id', OLD.person_id, 'organization_id', OLD.organization_id, 'course_id', OLD.course_id, 'need_line_id', OLD.need_line_id, 'role', OLD.role, 'status', OLD.status, 'score', OLD.score, 'rank', OLD.rank, 'added_by', OLD.added_by, 'provider_id', OLD.provider_id, 'class_starts_on', OLD.class_starts_on, 'class_ends_on', OLD.class_ends_on, 'certificate_no', OLD.certificate_no, 'certificate_on', OLD.certificate_on, 'notes', OLD.notes), json_object('round_id', NEW.round_id, 'person_id', NEW.person_id, 'organization_id', NEW.organization_id, 'course_id', NEW.course_id, 'need_line_id', NEW.need_line_id, 'role', NEW.role, 'status', NEW.status, 'score', NEW.score, 'rank', NEW.rank, 'added_by', NEW.added_by, 'provider_id', NEW.provider_id, 'class_starts_on', NEW.class_starts_on, 'class_ends_on', NEW.class_ends_on, 'certificate_no', NEW.certificate_no, 'certificate_on', NEW.certificate_on, 'notes', NEW.notes), (SELECT value FROM meta WHERE key = 'actor'));
        END;

CREATE TRIGGER referral_audit_delete AFTER DELETE ON referral WHEN NOT EXISTS (SELECT 1 FROM meta WHERE key = 'audit_paused') BEGIN
            INSERT INTO audit_log (at, action, entity, entity_id, old_values, new_values, actor)
            VALUES (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), 'delete', 'referral', OLD.id, json_object('round_id', OLD.round_id, 'person_id', OLD.person_id, 'organization_id', OLD.organization_id, 'course_id', OLD.course_id, 'need_line_id', OLD.need_line_id, 'role', OLD.role, 'status', OLD.status, 'score', OLD.score, 'rank', OLD.rank, 'added_by', OLD.added_by, 'provider_id', OLD.provider_id, 'class_starts_on', OLD.class_starts_on, 'class_ends_on', OLD.class_ends_on, 'certificate_no', OLD.certificate_no, 'certificate_on', OLD.certificate_on, 'notes', OLD.notes), NULL, (SELECT value FROM meta WHERE key = 'actor'));
        END;

CREATE VIRTUAL TABLE person_fts USING fts5(
             search_key,
             content = 'person',
             content_rowid = 'id',
             tokenize = 'trigram case_sensitive 1'
         );

CREATE INDEX person_order ON person(sort_key, id, search_key);

CREATE TRIGGER person_fts_insert AFTER INSERT ON person
         WHEN new.id <= coalesce((SELECT CAST(value AS INTEGER) FROM meta WHERE key = 'people_bulk'), new.id)
         BEGIN
             INSERT INTO person_fts (rowid, search_key) VALUES (new.id, new.search_key);
         END;

CREATE TRIGGER person_fts_update AFTER UPDATE OF id, search_key ON person BEGIN
             INSERT INTO person_fts (person_fts, rowid, search_key)
             SELECT 'delete', old.id, old.search_key
             WHERE old.id <= coalesce((SELECT CAST(value AS INTEGER) FROM meta WHERE key = 'people_bulk'), old.id);
             INSERT INTO person_fts (rowid, search_key)
             SELECT new.id, new.search_key
             WHERE new.id <= coalesce((SELECT CAST(value AS INTEGER) FROM meta WHERE key = 'people_bulk'), new.id);
         END;

CREATE TRIGGER person_fts_delete AFTER DELETE ON person BEGIN
             INSERT INTO person_fts (person_fts, rowid, search_key)
             SELECT 'delete', old.id, old.search_key
             WHERE old.id <= coalesce((SELECT CAST(value AS INTEGER) FROM meta WHERE key = 'people_bulk'), old.id);
         END;
