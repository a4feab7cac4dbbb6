-- Month-end stocks the indicators need beyond population by sex and age (issue 6): women of reproductive
-- age by marital status and contraceptive method (GFR, ASFR, TFR, CPR), and households; and all three
-- summed per commune for reports of communes and provinces. All are written by the same refresh as
-- stock_month (population.repository.ts refreshStock), from the same validity intervals, in the same
-- transactions.

CREATE TABLE women_stock_month (
  area_id uuid NOT NULL,
  province_code text NOT NULL,
  commune_code text NOT NULL,
  month date NOT NULL,
  age_group text NOT NULL,
  marital_status text NOT NULL,
  contraceptive_method text NOT NULL,
  n integer NOT NULL,
  CONSTRAINT women_stock_month_pk PRIMARY KEY (area_id, month, age_group, marital_status, contraceptive_method),
  CONSTRAINT women_stock_month_month_ck CHECK (extract(day FROM month) = 1),
  CONSTRAINT women_stock_month_age_group_ck CHECK (
    age_group IN ('15-19', '20-24', '25-29', '30-34', '35-39', '40-44', '45-49')
  )
);
CREATE INDEX women_stock_month_commune_ix ON women_stock_month (commune_code, month);
CREATE INDEX women_stock_month_province_ix ON women_stock_month (province_code, month);
COMMENT ON TABLE women_stock_month IS
  'Women aged 15–49 living in the area on the last day of month, by 5-year age group (completed years), marital status and contraceptive method then (''none'' without one), per area.';

CREATE TABLE household_stock_month (
  area_id uuid NOT NULL,
  province_code text NOT NULL,
  commune_code text NOT NULL,
  month date NOT NULL,
  kind text NOT NULL,
  n integer NOT NULL,
  CONSTRAINT household_stock_month_pk PRIMARY KEY (area_id, month, kind),
  CONSTRAINT household_stock_month_month_ck CHECK (extract(day FROM month) = 1)
);
CREATE INDEX household_stock_month_commune_ix ON household_stock_month (commune_code, month);
CREATE INDEX household_stock_month_province_ix ON household_stock_month (province_code, month);
COMMENT ON TABLE household_stock_month IS
  'Households with at least one member living in the area on the last day of month, by kind (family, collective), per area.';

-- Month-end stocks are written for the months a change touches, area by area; a month is complete for a
-- whole province only once it has been computed for all of its areas. This records those months, so that a
-- report for another month computes it first.
CREATE TABLE stock_month_coverage (
  province_code text NOT NULL,
  month date NOT NULL,
  computed_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT stock_month_coverage_pk PRIMARY KEY (province_code, month),
  CONSTRAINT stock_month_coverage_month_ck CHECK (extract(day FROM month) = 1)
);
COMMENT ON TABLE stock_month_coverage IS
  'Months whose month-end stocks (stock_month, women_stock_month, household_stock_month and their sums per commune) have been computed for every area of the province; later changes keep them current area by area. Holds no counts, so it has no row-level policy.';

ALTER TABLE women_stock_month ENABLE ROW LEVEL SECURITY;
ALTER TABLE household_stock_month ENABLE ROW LEVEL SECURITY;
CREATE POLICY women_stock_month_scope ON women_stock_month
  USING (danso_place_visible(province_code, commune_code, area_id));
CREATE POLICY household_stock_month_scope ON household_stock_month
  USING (danso_place_visible(province_code, commune_code, area_id));

-- The same stocks summed per commune, so that a commune's or a province's report reads a few thousand rows
-- a month however many areas it has. unit_code is the unit the areas lay in on the month's first day
-- (area_unit_history; the commune itself where the history says nothing), next_unit_code the unit on the
-- next month's first day: the stock at the end of a month is counted on either boundaries (the end of the
-- month before a period is its start).
CREATE TABLE stock_unit_month (
  province_code text NOT NULL,
  commune_code text NOT NULL,
  unit_code text NOT NULL,
  next_unit_code text NOT NULL,
  month date NOT NULL,
  sex smallint NOT NULL,
  age smallint NOT NULL,
  residence_status text NOT NULL,
  n integer NOT NULL,
  CONSTRAINT stock_unit_month_pk
    PRIMARY KEY (commune_code, month, unit_code, next_unit_code, sex, age, residence_status)
);
CREATE INDEX stock_unit_month_province_ix ON stock_unit_month (province_code, month);
CREATE INDEX stock_unit_month_unit_ix ON stock_unit_month (unit_code, month);
COMMENT ON TABLE stock_unit_month IS
  'stock_month summed over the areas of a commune that lay in the same units at the month''s start and at the next month''s start.';

CREATE TABLE women_stock_unit_month (
  province_code text NOT NULL,
  commune_code text NOT NULL,
  unit_code text NOT NULL,
  next_unit_code text NOT NULL,
  month date NOT NULL,
  age_group text NOT NULL,
  marital_status text NOT NULL,
  contraceptive_method text NOT NULL,
  n integer NOT NULL,
  CONSTRAINT women_stock_unit_month_pk PRIMARY KEY
    (commune_code, month, unit_code, next_unit_code, age_group, marital_status, contraceptive_method)
);
CREATE INDEX women_stock_unit_month_province_ix ON women_stock_unit_month (province_code, month);
CREATE INDEX women_stock_unit_month_unit_ix ON women_stock_unit_month (unit_code, month);
COMMENT ON TABLE women_stock_unit_month IS
  'women_stock_month summed over the areas of a commune that lay in the same units at the month''s start and at the next month''s start.';

CREATE TABLE household_stock_unit_month (
  province_code text NOT NULL,
  commune_code text NOT NULL,
  unit_code text NOT NULL,
  next_unit_code text NOT NULL,
  month date NOT NULL,
  kind text NOT NULL,
  n integer NOT NULL,
  CONSTRAINT household_stock_unit_month_pk PRIMARY KEY (commune_code, month, unit_code, next_unit_code, kind)
);
CREATE INDEX household_stock_unit_month_province_ix ON household_stock_unit_month (province_code, month);
CREATE INDEX household_stock_unit_month_unit_ix ON household_stock_unit_month (unit_code, month);
COMMENT ON TABLE household_stock_unit_month IS
  'household_stock_month summed over the areas of a commune that lay in the same units at the month''s start and at the next month''s start.';

ALTER TABLE stock_unit_month ENABLE ROW LEVEL SECURITY;
ALTER TABLE women_stock_unit_month ENABLE ROW LEVEL SECURITY;
ALTER TABLE household_stock_unit_month ENABLE ROW LEVEL SECURITY;
CREATE POLICY stock_unit_month_scope ON stock_unit_month
  USING (danso_place_visible(province_code, commune_code, NULL));
CREATE POLICY women_stock_unit_month_scope ON women_stock_unit_month
  USING (danso_place_visible(province_code, commune_code, NULL));
CREATE POLICY household_stock_unit_month_scope ON household_stock_unit_month
  USING (danso_place_visible(province_code, commune_code, NULL));
