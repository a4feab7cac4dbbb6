-- Flow counts summed per commune and unit, by the dimensions the indicators read. flow_count keeps each area's
-- events by every dimension they were counted by (a birth's sex, order, mother's age, place and ethnicity):
-- a province's report read from it reads more rows the more events the province has. These sums keep, for
-- each event, only the sets of dimensions the indicators ask for together (flow_dimset, registered by the
-- server the first time a set is read, and filled then from flow_count), so a report reads as many rows as
-- those dimensions have values, whatever the size of the province. unit_code is the unit the area lay in on
-- the month's first day (area_unit_history; the commune itself where the history says nothing). A whole
-- province has its own sums (flow_province_month), so that its dashboard reads as many rows as the dimensions
-- have values a month, not that many for each of its communes; a province is the same on current and on
-- historical boundaries, so one sum serves both.
CREATE TABLE flow_dimset (
  event text NOT NULL,
  -- The dimension names, sorted and joined by commas ('' for the total).
  dimset text NOT NULL,
  dims text[] NOT NULL,
  registered_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT flow_dimset_pk PRIMARY KEY (event, dimset)
);
COMMENT ON TABLE flow_dimset IS
  'The sets of dimensions by which each event is summed in flow_sum_month. Holds no counts, so it has no row-level policy.';

CREATE TABLE flow_sum_month (
  province_code text NOT NULL,
  commune_code text NOT NULL,
  unit_code text NOT NULL,
  month date NOT NULL,
  event text NOT NULL,
  dimset text NOT NULL,
  dims jsonb NOT NULL,
  n integer NOT NULL,
  CONSTRAINT flow_sum_month_pk PRIMARY KEY (province_code, month, event, dimset, commune_code, unit_code, dims)
);
CREATE INDEX flow_sum_month_commune_ix ON flow_sum_month (commune_code, month, event, dimset);
CREATE INDEX flow_sum_month_unit_ix ON flow_sum_month (unit_code, month, event, dimset);
COMMENT ON TABLE flow_sum_month IS
  'flow_count summed per commune and unit (on the month''s first day) by each registered set of dimensions (flow_dimset); kept by a trigger on flow_count.';
ALTER TABLE flow_sum_month ENABLE ROW LEVEL SECURITY;
CREATE POLICY flow_sum_month_scope ON flow_sum_month
  USING (danso_place_visible(province_code, commune_code, NULL));

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

-- The dimensions of a flow's dims in a set (a dimension the flow lacks is null, as when read from dims).
CREATE FUNCTION danso_project_dims(p_dims jsonb, p_keys text[]) RETURNS jsonb
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $project$
  SELECT coalesce(jsonb_object_agg(k, p_dims -> k), '{}'::jsonb) FROM unnest(p_keys) AS k
$project$;

-- Adds n of one flow_count row to its sums (the commune's and the province's), for every set registered for
-- its event. Security definer: the approving transaction, which may write its flow counts, writes their sums
-- through it, and nothing else.
CREATE FUNCTION danso_add_flow_sums(
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

CREATE FUNCTION danso_flow_count_sums() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $trigger$
BEGIN
  IF TG_OP IN ('UPDATE', 'DELETE') THEN
    PERFORM danso_add_flow_sums(OLD.area_id, OLD.province_code, OLD.commune_code, OLD.month, OLD.event, OLD.dims, -OLD.n);
  END IF;
  IF TG_OP IN ('INSERT', 'UPDATE') THEN
    PERFORM danso_add_flow_sums(NEW.area_id, NEW.province_code, NEW.commune_code, NEW.month, NEW.event, NEW.dims, NEW.n);
  END IF;
  RETURN NULL;
END
$trigger$;
CREATE TRIGGER flow_count_sums_tg AFTER INSERT OR UPDATE OR DELETE ON flow_count
  FOR EACH ROW EXECUTE FUNCTION danso_flow_count_sums();

-- Registers a set of dimensions for an event and fills its sums from flow_count, once; the lock keeps flow
-- counts from changing meanwhile, so none is counted twice or missed. Returns whether it was new.
CREATE FUNCTION danso_register_flow_dimset(p_event text, p_dims text[]) RETURNS boolean
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $register$
DECLARE
  v_dims text[] := ARRAY(SELECT DISTINCT d FROM unnest(p_dims) AS d ORDER BY d);
  v_dimset text := array_to_string(v_dims, ',');
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
COMMENT ON FUNCTION danso_register_flow_dimset(text, text[]) IS
  'Adds a set of dimensions by which an event''s flows are summed in flow_sum_month, filling its sums from flow_count.';
