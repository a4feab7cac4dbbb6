-- Administrative units with validity dates, their successions, collaborator areas and hamlets.

CREATE TABLE admin_unit (
  code text NOT NULL,
  valid_from date NOT NULL,
  valid_to date,
  name text NOT NULL,
  level text NOT NULL,
  unit_type text NOT NULL,
  urbanity text,
  parent_code text,
  note text,
  CONSTRAINT admin_unit_pk PRIMARY KEY (code, valid_from),
  CONSTRAINT admin_unit_level_ck CHECK (level IN ('province', 'district', 'commune')),
  CONSTRAINT admin_unit_type_ck CHECK (
    unit_type IN ('centrally_run_city', 'province', 'district', 'ward', 'commune', 'special_zone', 'township')
  ),
  CONSTRAINT admin_unit_urbanity_ck CHECK (urbanity IS NULL OR urbanity IN ('urban', 'rural', 'special')),
  CONSTRAINT admin_unit_code_ck CHECK (
    (level = 'province' AND code ~ '^[0-9]{2}$') OR
    (level = 'district' AND code ~ '^[0-9]{3}$') OR
    (level = 'commune' AND code ~ '^[0-9]{5}$')
  ),
  CONSTRAINT admin_unit_dates_ck CHECK (valid_to IS NULL OR valid_to >= valid_from)
);
CREATE INDEX admin_unit_parent_ix ON admin_unit (parent_code, level);
CREATE INDEX admin_unit_name_trgm_ix ON admin_unit USING gin (lower(name) gin_trgm_ops);
COMMENT ON TABLE admin_unit IS
  'One row per version of an administrative unit (province, old district, commune). A code is never reused for another place; a rename or re-parent closes one version and opens the next.';

CREATE TABLE admin_succession (
  id bigint GENERATED ALWAYS AS IDENTITY,
  from_code text NOT NULL,
  to_code text NOT NULL,
  effective_on date NOT NULL,
  kind text NOT NULL,
  share numeric(7, 6),
  note text,
  CONSTRAINT admin_succession_pk PRIMARY KEY (id),
  CONSTRAINT admin_succession_uq UNIQUE (from_code, to_code, effective_on),
  CONSTRAINT admin_succession_kind_ck CHECK (kind IN ('merge', 'split', 'rename', 'reparent')),
  CONSTRAINT admin_succession_share_ck CHECK (share IS NULL OR (share > 0 AND share <= 1))
);
CREATE INDEX admin_succession_to_ix ON admin_succession (to_code);
COMMENT ON TABLE admin_succession IS
  'Merges, splits, renames and re-parents of units: from_code became (part of) to_code on effective_on, with the population share where a unit was divided.';

CREATE TABLE hamlet (
  id uuid NOT NULL,
  province_code text NOT NULL,
  commune_code text NOT NULL,
  name text NOT NULL,
  kind text NOT NULL DEFAULT 'thon',
  valid_from date NOT NULL DEFAULT DATE '2025-07-01',
  valid_to date,
  CONSTRAINT hamlet_pk PRIMARY KEY (id),
  CONSTRAINT hamlet_name_uq UNIQUE (commune_code, name, valid_from),
  CONSTRAINT hamlet_kind_ck CHECK (kind IN ('thon', 'ap', 'ban', 'to_dan_pho', 'khu_pho', 'xom', 'other'))
);
CREATE INDEX hamlet_commune_ix ON hamlet (commune_code);
COMMENT ON TABLE hamlet IS 'Thôn / ấp / bản / tổ dân phố / khu phố inside a commune.';

CREATE TABLE area (
  id uuid NOT NULL,
  province_code text NOT NULL,
  commune_code text NOT NULL,
  number integer NOT NULL,
  name text NOT NULL,
  valid_from date NOT NULL DEFAULT DATE '2025-07-01',
  valid_to date,
  CONSTRAINT area_pk PRIMARY KEY (id),
  CONSTRAINT area_number_uq UNIQUE (commune_code, number),
  CONSTRAINT area_number_ck CHECK (number > 0)
);
CREATE INDEX area_province_ix ON area (province_code, commune_code);
COMMENT ON TABLE area IS 'A collaborator''s numbered area (địa bàn) inside a commune.';

CREATE TABLE area_listing (
  area_id uuid NOT NULL,
  seq integer NOT NULL,
  hamlet_id uuid NOT NULL,
  street text,
  household_from integer,
  household_to integer,
  province_code text NOT NULL,
  commune_code text NOT NULL,
  CONSTRAINT area_listing_pk PRIMARY KEY (area_id, seq),
  CONSTRAINT area_listing_area_fk FOREIGN KEY (area_id) REFERENCES area (id) ON DELETE CASCADE,
  CONSTRAINT area_listing_hamlet_fk FOREIGN KEY (hamlet_id) REFERENCES hamlet (id),
  CONSTRAINT area_listing_range_ck CHECK (household_from IS NULL OR household_to IS NULL OR household_to >= household_from)
);
COMMENT ON TABLE area_listing IS
  'The listing of an area: which hamlet (and xóm / ngõ / ngách / hẻm) and household numbers it covers.';

ALTER TABLE hamlet ENABLE ROW LEVEL SECURITY;
ALTER TABLE area ENABLE ROW LEVEL SECURITY;
ALTER TABLE area_listing ENABLE ROW LEVEL SECURITY;
CREATE POLICY hamlet_scope ON hamlet USING (danso_place_visible(province_code, commune_code, NULL)
  OR (current_setting('danso.scope_kind', true) = 'areas'
      AND commune_code = current_setting('danso.scope_commune', true)));
CREATE POLICY area_scope ON area USING (danso_place_visible(province_code, commune_code, id));
CREATE POLICY area_listing_scope ON area_listing USING (danso_place_visible(province_code, commune_code, area_id));
