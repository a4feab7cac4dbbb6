-- The household register's base tables: households and people of the household book (Sổ A0).

CREATE TABLE household (
  id uuid NOT NULL,
  province_code text NOT NULL,
  commune_code text NOT NULL,
  area_id uuid NOT NULL,
  hamlet_id uuid,
  code text NOT NULL,
  number integer NOT NULL,
  address text,
  kind text NOT NULL DEFAULT 'family',
  status text NOT NULL DEFAULT 'active',
  head_person_id uuid,
  created_on date NOT NULL,
  CONSTRAINT household_pk PRIMARY KEY (id),
  CONSTRAINT household_code_uq UNIQUE (commune_code, code),
  CONSTRAINT household_area_fk FOREIGN KEY (area_id) REFERENCES area (id),
  CONSTRAINT household_hamlet_fk FOREIGN KEY (hamlet_id) REFERENCES hamlet (id),
  CONSTRAINT household_kind_ck CHECK (kind IN ('family', 'collective')),
  CONSTRAINT household_status_ck CHECK (status IN ('active', 'closed'))
);
CREATE INDEX household_area_ix ON household (area_id);
CREATE INDEX household_place_ix ON household (province_code, commune_code);
COMMENT ON TABLE household IS
  'A household page of the household book. code = commune code + area number + household number, unique in the commune.';

CREATE TABLE person (
  id uuid NOT NULL,
  province_code text NOT NULL,
  commune_code text NOT NULL,
  area_id uuid NOT NULL,
  household_id uuid NOT NULL,
  row_number integer NOT NULL,
  full_name text NOT NULL,
  relation_to_head text NOT NULL,
  sex smallint NOT NULL,
  birth_date date NOT NULL,
  birth_date_precision text NOT NULL DEFAULT 'day',
  ethnicity_code text NOT NULL,
  education_code text,
  marital_status text NOT NULL,
  residence_status text NOT NULL DEFAULT 'permanent',
  insurance_number text,
  personal_id text,
  vital_status text NOT NULL DEFAULT 'alive',
  death_date date,
  CONSTRAINT person_pk PRIMARY KEY (id),
  CONSTRAINT person_household_fk FOREIGN KEY (household_id) REFERENCES household (id),
  CONSTRAINT person_area_fk FOREIGN KEY (area_id) REFERENCES area (id),
  CONSTRAINT person_sex_ck CHECK (sex IN (1, 2)),
  CONSTRAINT person_precision_ck CHECK (birth_date_precision IN ('day', 'month', 'year')),
  CONSTRAINT person_relation_ck CHECK (
    relation_to_head IN ('head', 'spouse', 'child', 'adopted_child', 'child_in_law', 'parent', 'grandchild', 'other')
  ),
  CONSTRAINT person_marital_ck CHECK (marital_status IN ('never_married', 'married', 'divorced', 'widowed', 'separated')),
  CONSTRAINT person_residence_ck CHECK (residence_status IN ('permanent', 'temporary', 'temporarily_absent')),
  CONSTRAINT person_vital_ck CHECK (vital_status IN ('alive', 'dead')),
  CONSTRAINT person_personal_id_ck CHECK (personal_id IS NULL OR personal_id ~ '^[0-9]{12}$'),
  CONSTRAINT person_death_ck CHECK (death_date IS NULL OR death_date >= birth_date)
);
CREATE INDEX person_household_ix ON person (household_id);
CREATE INDEX person_area_ix ON person (area_id);
CREATE INDEX person_place_ix ON person (province_code, commune_code);
COMMENT ON TABLE person IS 'A member row of a household page: the A0 fields plus the optional 12-digit personal ID number.';

ALTER TABLE household ENABLE ROW LEVEL SECURITY;
ALTER TABLE person ENABLE ROW LEVEL SECURITY;
CREATE POLICY household_scope ON household USING (danso_place_visible(province_code, commune_code, area_id));
CREATE POLICY person_scope ON person USING (danso_place_visible(province_code, commune_code, area_id));
