-- Population projections: named scenarios per unit, and the runs made with them (issue 3, item 4).

CREATE TABLE projection_scenario (
  id uuid NOT NULL,
  province_code text NOT NULL,
  commune_code text,
  unit_code text NOT NULL,
  name text NOT NULL,
  fertility_factor numeric NOT NULL,
  mortality_factor numeric NOT NULL,
  migration_factor numeric NOT NULL,
  created_by uuid NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT projection_scenario_pk PRIMARY KEY (id),
  CONSTRAINT projection_scenario_name_uq UNIQUE (unit_code, name),
  CONSTRAINT projection_scenario_creator_fk FOREIGN KEY (created_by) REFERENCES app_user (id),
  CONSTRAINT projection_scenario_unit_ck CHECK (unit_code = coalesce(commune_code, province_code)),
  CONSTRAINT projection_scenario_name_ck CHECK (length(btrim(name)) BETWEEN 1 AND 80),
  CONSTRAINT projection_scenario_factors_ck CHECK (
    fertility_factor BETWEEN 0.5 AND 1.5 AND mortality_factor BETWEEN 0.5 AND 1.5
    AND migration_factor BETWEEN 0.5 AND 1.5
  )
);
COMMENT ON TABLE projection_scenario IS
  'A named projection scenario of a commune (commune_code set) or a province (commune_code null): multipliers of the estimated fertility rates, death rates, and in-migration (out-migration by 2 − factor). The standard low / medium / high scenarios are built in and not stored.';

CREATE TABLE projection_run (
  id uuid NOT NULL,
  province_code text NOT NULL,
  commune_code text,
  unit_code text NOT NULL,
  base_date date NOT NULL,
  horizon smallint NOT NULL,
  created_by uuid NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  result jsonb NOT NULL,
  CONSTRAINT projection_run_pk PRIMARY KEY (id),
  CONSTRAINT projection_run_creator_fk FOREIGN KEY (created_by) REFERENCES app_user (id),
  CONSTRAINT projection_run_unit_ck CHECK (unit_code = coalesce(commune_code, province_code)),
  CONSTRAINT projection_run_horizon_ck CHECK (horizon BETWEEN 1 AND 50)
);
CREATE INDEX projection_run_unit_ix ON projection_run (unit_code, created_at);
COMMENT ON TABLE projection_run IS
  'A projection as it was run: unit, base date, horizon, and in result the rates with their sources and methods and the projected years of each scenario (aggregates only), kept for export.';

ALTER TABLE projection_scenario ENABLE ROW LEVEL SECURITY;
ALTER TABLE projection_run ENABLE ROW LEVEL SECURITY;
CREATE POLICY projection_scenario_scope ON projection_scenario
  USING (danso_place_visible(province_code, commune_code, NULL));
CREATE POLICY projection_run_scope ON projection_run USING (danso_place_visible(province_code, commune_code, NULL));
