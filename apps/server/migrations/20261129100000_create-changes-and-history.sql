-- Changes as facts, their review, the history they write, and the aggregates kept current as they are
-- approved (DESIGN.md §2).

-- Folds Vietnamese text for search: no diacritics (đ → d), lower case, one space between words. The same
-- result as normalizeName in packages/domain, so that the phone and the server match names alike.
CREATE FUNCTION danso_fold(p text) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT AS $fold$
  SELECT btrim(regexp_replace(
    lower(translate(regexp_replace(p, '[\u0300-\u036f]', '', 'g'),
      'ÀÁÂÃÄÅÇÈÉÊËÌÍÎÏÑÒÓÔÕÖÙÚÛÜÝàáâãäåçèéêëìíîïñòóôõöùúûüýÿĀāĂăĄąĆćĈĉĊċČčĎďĒēĔĕĖėĘęĚěĜĝĞğĠġĢģĤĥĨĩĪīĬĭĮįİĴĵĶķĹĺĻļĽľŃńŅņŇňŌōŎŏŐőŔŕŖŗŘřŚśŜŝŞşŠšŢţŤťŨũŪūŬŭŮůŰűŲųŴŵŶŷŸŹźŻżŽžƠơƯưǍǎǏǐǑǒǓǔǕǖǗǘǙǚǛǜǞǟǠǡǦǧǨǩǪǫǬǭǰǴǵǸǹǺǻȀȁȂȃȄȅȆȇȈȉȊȋȌȍȎȏȐȑȒȓȔȕȖȗȘșȚțȞȟȦȧȨȩȪȫȬȭȮȯȰȱȲȳḀḁḂḃḄḅḆḇḈḉḊḋḌḍḎḏḐḑḒḓḔḕḖḗḘḙḚḛḜḝḞḟḠḡḢḣḤḥḦḧḨḩḪḫḬḭḮḯḰḱḲḳḴḵḶḷḸḹḺḻḼḽḾḿṀṁṂṃṄṅṆṇṈṉṊṋṌṍṎṏṐṑṒṓṔṕṖṗṘṙṚṛṜṝṞṟṠṡṢṣṤṥṦṧṨṩṪṫṬṭṮṯṰṱṲṳṴṵṶṷṸṹṺṻṼṽṾṿẀẁẂẃẄẅẆẇẈẉẊẋẌẍẎẏẐẑẒẓẔẕẖẗẘẙẠạẢảẤấẦầẨẩẪẫẬậẮắẰằẲẳẴẵẶặẸẹẺẻẼẽẾếỀềỂểỄễỆệỈỉỊịỌọỎỏỐốỒồỔổỖỗỘộỚớỜờỞởỠỡỢợỤụỦủỨứỪừỬửỮữỰựỲỳỴỵỶỷỸỹđĐ',
      'AAAAAACEEEEIIIINOOOOOUUUUYaaaaaaceeeeiiiinooooouuuuyyAaAaAaCcCcCcCcDdEeEeEeEeEeGgGgGgGgHhIiIiIiIiIJjKkLlLlLlNnNnNnOoOoOoRrRrRrSsSsSsSsTtTtUuUuUuUuUuUuWwYyYZzZzZzOoUuAaIiOoUuUuUuUuUuAaAaGgKkOoOojGgNnAaAaAaEeEeIiIiOoOoRrRrUuUuSsTtHhAaEeOoOoOoOoYyAaBbBbBbCcDdDdDdDdDdEeEeEeEeEeFfGgHhHhHhHhHhIiIiKkKkKkLlLlLlLlMmMmMmNnNnNnNnOoOoOoOoPpPpRrRrRrRrSsSsSsSsSsTtTtTtTtUuUuUuUuUuVvVvWwWwWwWwWwXxXxYyZzZzZzhtwyAaAaAaAaAaAaAaAaAaAaAaAaEeEeEeEeEeEeEeEeIiIiOoOoOoOoOoOoOoOoOoOoOoOoUuUuUuUuUuUuUuYyYyYyYydD')),
    '[^[:alnum:]]+', ' ', 'g'))
$fold$;
COMMENT ON FUNCTION danso_fold(text) IS 'Vietnamese text folded for search: no diacritics, đ → d, lower case.';

-- Each approved change takes the next register version; rows remember the version that last changed
-- them (and each field), so a change based on an older version can be checked for conflicts.
CREATE SEQUENCE register_version_seq;
COMMENT ON SEQUENCE register_version_seq IS 'Register version: one step per approved change.';

ALTER TABLE household
  ADD COLUMN version bigint NOT NULL DEFAULT 0,
  ADD COLUMN field_versions jsonb NOT NULL DEFAULT '{}',
  ADD COLUMN closed_on date;

ALTER TABLE person
  ADD COLUMN presence text NOT NULL DEFAULT 'present',
  ADD COLUMN moved_out_on date,
  ADD COLUMN contraceptive_method text,
  ADD COLUMN contraception_started_on date,
  ADD COLUMN mother_id uuid,
  ADD COLUMN merged_into_id uuid,
  ADD COLUMN version bigint NOT NULL DEFAULT 0,
  ADD COLUMN field_versions jsonb NOT NULL DEFAULT '{}',
  ADD COLUMN search_name text,
  ADD CONSTRAINT person_presence_ck CHECK (presence IN ('present', 'moved_out'));
-- Writers that load many people (the seeder, imports) fold names themselves; the trigger folds for the rest
-- and whenever the name changes without its folded form.
CREATE FUNCTION danso_person_search_name() RETURNS trigger
LANGUAGE plpgsql AS $trigger$
BEGIN
  IF NEW.search_name IS NULL
     OR (TG_OP = 'UPDATE' AND NEW.full_name IS DISTINCT FROM OLD.full_name
         AND NEW.search_name IS NOT DISTINCT FROM OLD.search_name) THEN
    NEW.search_name := danso_fold(NEW.full_name);
  END IF;
  RETURN NEW;
END
$trigger$;
CREATE TRIGGER person_search_name_tg BEFORE INSERT OR UPDATE OF full_name, search_name ON person
  FOR EACH ROW EXECUTE FUNCTION danso_person_search_name();
CREATE INDEX person_search_name_ix ON person USING gin (search_name gin_trgm_ops);
CREATE INDEX person_birth_date_ix ON person (commune_code, birth_date);
CREATE INDEX person_insurance_ix ON person (insurance_number) WHERE insurance_number IS NOT NULL;
CREATE INDEX person_personal_id_ix ON person (personal_id) WHERE personal_id IS NOT NULL;
CREATE INDEX person_mother_ix ON person (mother_id) WHERE mother_id IS NOT NULL;

CREATE TABLE change_record (
  id uuid NOT NULL,
  province_code text NOT NULL,
  commune_code text NOT NULL,
  area_id uuid NOT NULL,
  household_id uuid NOT NULL,
  person_id uuid,
  type text NOT NULL,
  occurred_on date NOT NULL,
  recorded_at timestamptz NOT NULL,
  received_at timestamptz NOT NULL DEFAULT now(),
  base_version bigint NOT NULL,
  author_id uuid NOT NULL,
  body jsonb NOT NULL,
  body_hash text NOT NULL,
  status text NOT NULL,
  rule_results jsonb NOT NULL DEFAULT '[]',
  acknowledged_rules text[] NOT NULL DEFAULT '{}',
  conflict jsonb,
  applied_version bigint,
  applied_at timestamptz,
  corrects_change_id uuid,
  corrected_by_change_id uuid,
  flows jsonb NOT NULL DEFAULT '[]',
  duplicates jsonb NOT NULL DEFAULT '[]',
  last_reason text,
  updated_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT change_record_pk PRIMARY KEY (id),
  CONSTRAINT change_record_author_fk FOREIGN KEY (author_id) REFERENCES app_user (id),
  CONSTRAINT change_record_area_fk FOREIGN KEY (area_id) REFERENCES area (id),
  CONSTRAINT change_record_status_ck CHECK (status IN ('draft', 'submitted', 'returned', 'approved', 'rejected', 'conflict'))
);
CREATE INDEX change_record_inbox_ix ON change_record (commune_code, status, received_at);
CREATE INDEX change_record_area_ix ON change_record (area_id, occurred_on);
CREATE INDEX change_record_person_ix ON change_record (person_id) WHERE person_id IS NOT NULL;
CREATE INDEX change_record_household_ix ON change_record (household_id);
CREATE INDEX change_record_author_ix ON change_record (author_id, updated_at);
COMMENT ON TABLE change_record IS
  'A change (biến động) as sent from a device or entered by an officer: its id is the client-made UUIDv7, so a repeat is a no-op; body is the change itself and body_hash its canonical hash, so a different body under the same id is refused. status is the replay of change_action.';

CREATE TABLE change_action (
  id bigint GENERATED ALWAYS AS IDENTITY,
  change_id uuid NOT NULL,
  province_code text NOT NULL,
  commune_code text NOT NULL,
  area_id uuid NOT NULL,
  action text NOT NULL,
  actor_id uuid,
  actor_role text NOT NULL,
  at timestamptz NOT NULL DEFAULT now(),
  reason text,
  body jsonb,
  CONSTRAINT change_action_pk PRIMARY KEY (id),
  CONSTRAINT change_action_change_fk FOREIGN KEY (change_id) REFERENCES change_record (id),
  CONSTRAINT change_action_kind_ck CHECK (
    action IN ('submit', 'resubmit', 'approve', 'return', 'reject', 'flag_conflict', 'resolve_conflict')
  )
);
CREATE INDEX change_action_change_ix ON change_action (change_id, id);
COMMENT ON TABLE change_action IS
  'The append-only list of review actions of a change; a resubmission carries the corrected change in body.';
REVOKE UPDATE, DELETE, TRUNCATE ON change_action FROM danso_app;

-- History: half-open validity intervals [valid_from, valid_to) written by approved changes.
CREATE TABLE residence_interval (
  id bigint GENERATED ALWAYS AS IDENTITY,
  person_id uuid NOT NULL,
  household_id uuid NOT NULL,
  area_id uuid NOT NULL,
  province_code text NOT NULL,
  commune_code text NOT NULL,
  valid_from date NOT NULL,
  valid_to date,
  opened_by uuid,
  closed_by uuid,
  CONSTRAINT residence_interval_pk PRIMARY KEY (id),
  CONSTRAINT residence_interval_order_ck CHECK (valid_to IS NULL OR valid_to >= valid_from)
);
CREATE INDEX residence_interval_area_ix ON residence_interval (area_id, valid_from);
CREATE INDEX residence_interval_person_ix ON residence_interval (person_id);
CREATE INDEX residence_interval_commune_ix ON residence_interval (commune_code, valid_from);
COMMENT ON TABLE residence_interval IS
  'Who lived in which household and area, and when: [valid_from, valid_to). Birth or arrival opens one; death, departure or a transfer closes it. opened_by / closed_by name the change (null: the initial register).';

CREATE TABLE status_interval (
  id bigint GENERATED ALWAYS AS IDENTITY,
  person_id uuid NOT NULL,
  province_code text NOT NULL,
  commune_code text NOT NULL,
  area_id uuid NOT NULL,
  kind text NOT NULL,
  value text NOT NULL,
  valid_from date NOT NULL,
  valid_to date,
  opened_by uuid,
  closed_by uuid,
  CONSTRAINT status_interval_pk PRIMARY KEY (id),
  CONSTRAINT status_interval_kind_ck CHECK (kind IN ('vital', 'marital', 'residence', 'contraception')),
  CONSTRAINT status_interval_order_ck CHECK (valid_to IS NULL OR valid_to >= valid_from)
);
CREATE INDEX status_interval_person_ix ON status_interval (person_id, kind, valid_from);
CREATE INDEX status_interval_area_ix ON status_interval (area_id, kind, valid_from);
COMMENT ON TABLE status_interval IS
  'A person''s vital status, marital status, residence status and contraceptive method over time: [valid_from, valid_to).';

-- Which commune an area lay in, over time: facts are stored against the stable area, and any date can be
-- reported on the boundaries valid then.
CREATE TABLE area_unit_history (
  area_id uuid NOT NULL,
  province_code text NOT NULL,
  commune_code text NOT NULL,
  valid_from date,
  valid_to date,
  CONSTRAINT area_unit_history_pk PRIMARY KEY (area_id, commune_code),
  CONSTRAINT area_unit_history_area_fk FOREIGN KEY (area_id) REFERENCES area (id) ON DELETE CASCADE
);
COMMENT ON TABLE area_unit_history IS
  'The unit (commune, or a pre-2025 commune) an area belonged to, [valid_from, valid_to); null bounds are open.';

-- Aggregates kept current in the approving transaction (DESIGN.md §2.4).
CREATE TABLE flow_count (
  area_id uuid NOT NULL,
  province_code text NOT NULL,
  commune_code text NOT NULL,
  month date NOT NULL,
  event text NOT NULL,
  dims jsonb NOT NULL DEFAULT '{}',
  n integer NOT NULL,
  CONSTRAINT flow_count_pk PRIMARY KEY (area_id, month, event, dims),
  CONSTRAINT flow_count_month_ck CHECK (extract(day FROM month) = 1)
);
CREATE INDEX flow_count_commune_ix ON flow_count (commune_code, month, event);
CREATE INDEX flow_count_province_ix ON flow_count (province_code, month, event);
COMMENT ON TABLE flow_count IS
  'Monthly counts of events (births, deaths, moves, marriages, contraception …) per area and month (the month the event happened), with the breakdowns the reports need in dims.';

CREATE TABLE stock_month (
  area_id uuid NOT NULL,
  province_code text NOT NULL,
  commune_code text NOT NULL,
  month date NOT NULL,
  sex smallint NOT NULL,
  age smallint NOT NULL,
  residence_status text NOT NULL,
  n integer NOT NULL,
  CONSTRAINT stock_month_pk PRIMARY KEY (area_id, month, sex, age, residence_status),
  CONSTRAINT stock_month_month_ck CHECK (extract(day FROM month) = 1)
);
CREATE INDEX stock_month_commune_ix ON stock_month (commune_code, month);
CREATE INDEX stock_month_province_ix ON stock_month (province_code, month);
COMMENT ON TABLE stock_month IS
  'Population on the last day of month, by sex, single age (completed years) and residence status, per area.';

ALTER TABLE change_record ENABLE ROW LEVEL SECURITY;
ALTER TABLE change_action ENABLE ROW LEVEL SECURITY;
ALTER TABLE residence_interval ENABLE ROW LEVEL SECURITY;
ALTER TABLE status_interval ENABLE ROW LEVEL SECURITY;
ALTER TABLE flow_count ENABLE ROW LEVEL SECURITY;
ALTER TABLE stock_month ENABLE ROW LEVEL SECURITY;
CREATE POLICY change_record_scope ON change_record USING (danso_place_visible(province_code, commune_code, area_id));
CREATE POLICY change_action_scope ON change_action USING (danso_place_visible(province_code, commune_code, area_id));
CREATE POLICY residence_interval_scope ON residence_interval
  USING (danso_place_visible(province_code, commune_code, area_id));
CREATE POLICY status_interval_scope ON status_interval USING (danso_place_visible(province_code, commune_code, area_id));
CREATE POLICY flow_count_scope ON flow_count USING (danso_place_visible(province_code, commune_code, area_id));
CREATE POLICY stock_month_scope ON stock_month USING (danso_place_visible(province_code, commune_code, area_id));
