-- The flow sums of a whole province (flow_sum_month summed over its communes), so that a province's dashboard
-- reads, for each event and set of dimensions, as many rows as the dimensions have values a month, not that
-- many for each of its communes. Kept with the communes' sums by the same functions. A province is the same
-- on current and on historical boundaries, so one sum serves both.
CREATE TABLE flow_province_month (
  province_code text NOT NULL,
  month date NOT NULL,
  event text NOT NULL,
  dimset text NOT NULL,
  dims jsonb NOT NULL,
  n integer NOT NULL,
  CONSTRAINT flow_province_month_pk PRIMARY KEY (province_code, month, event, dimset, dims)
);
COMMENT ON TABLE flow_province_month IS 'flow_sum_month summed over the communes of a province.';
ALTER TABLE flow_province_month ENABLE ROW LEVEL SECURITY;
CREATE POLICY flow_province_month_scope ON flow_province_month
  USING (danso_place_visible(province_code, NULL, NULL));

CREATE OR REPLACE FUNCTION danso_add_flow_sums(
  p_area uuid, p_province text, p_commune text, p_month date, p_event text, p_dims jsonb, p_n integer
) RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $add$
BEGIN
  IF p_n = 0 THEN
    RETURN;
  END IF;
  INSERT INTO flow_sum_month AS s (province_code, commune_code, unit_code, month, event, dimset, dims, n)
  SELECT p_province, p_commune,
         coalesce((SELECT h.commune_code FROM area_unit_history h
                   WHERE h.area_id = p_area AND (h.valid_from IS NULL OR h.valid_from <= p_month)
                     AND (h.valid_to IS NULL OR h.valid_to > p_month)
                   LIMIT 1), p_commune),
         p_month, p_event, d.dimset, danso_project_dims(p_dims, d.dims), p_n
  FROM flow_dimset d WHERE d.event = p_event
  ON CONFLICT ON CONSTRAINT flow_sum_month_pk DO UPDATE SET n = s.n + excluded.n;
  INSERT INTO flow_province_month AS s (province_code, month, event, dimset, dims, n)
  SELECT p_province, p_month, p_event, d.dimset, danso_project_dims(p_dims, d.dims), p_n
  FROM flow_dimset d WHERE d.event = p_event
  ON CONFLICT ON CONSTRAINT flow_province_month_pk DO UPDATE SET n = s.n + excluded.n;
END
$add$;

CREATE OR REPLACE FUNCTION danso_register_flow_dimset(p_event text, p_dims text[]) RETURNS boolean
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $register$
DECLARE
  v_dims text[] := ARRAY(SELECT DISTINCT d FROM unnest(p_dims) AS d ORDER BY d);
  v_dimset text := array_to_string(ARRAY(SELECT DISTINCT d FROM unnest(p_dims) AS d ORDER BY d), ',');
BEGIN
  IF EXISTS (SELECT 1 FROM flow_dimset WHERE event = p_event AND dimset = v_dimset) THEN
    RETURN false;
  END IF;
  LOCK TABLE flow_count IN SHARE ROW EXCLUSIVE MODE;
  INSERT INTO flow_dimset (event, dimset, dims) VALUES (p_event, v_dimset, v_dims)
  ON CONFLICT ON CONSTRAINT flow_dimset_pk DO NOTHING;
  IF NOT FOUND THEN
    RETURN false;
  END IF;
  INSERT INTO flow_sum_month (province_code, commune_code, unit_code, month, event, dimset, dims, n)
  SELECT f.province_code, f.commune_code, coalesce(h.commune_code, f.commune_code), f.month, f.event, v_dimset,
         danso_project_dims(f.dims, v_dims), sum(f.n)::int
  FROM flow_count f
  LEFT JOIN area_unit_history h ON h.area_id = f.area_id
    AND (h.valid_from IS NULL OR h.valid_from <= f.month) AND (h.valid_to IS NULL OR h.valid_to > f.month)
  WHERE f.event = p_event
  GROUP BY 1, 2, 3, 4, 5, 6, 7
  HAVING sum(f.n) <> 0;
  INSERT INTO flow_province_month (province_code, month, event, dimset, dims, n)
  SELECT province_code, month, event, dimset, dims, sum(n)::int FROM flow_sum_month
  WHERE event = p_event AND dimset = v_dimset
  GROUP BY 1, 2, 3, 4, 5
  HAVING sum(n) <> 0;
  RETURN true;
END
$register$;

-- Sums of sets registered before this table existed.
INSERT INTO flow_province_month (province_code, month, event, dimset, dims, n)
SELECT province_code, month, event, dimset, dims, sum(n)::int FROM flow_sum_month
GROUP BY 1, 2, 3, 4, 5
HAVING sum(n) <> 0;
