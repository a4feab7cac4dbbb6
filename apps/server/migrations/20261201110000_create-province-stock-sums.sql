-- The month-end stocks summed per province: a province's dashboard and reports read a few hundred rows a
-- month instead of every commune's sums (sixty-five thousand rows a month for a million people). A province
-- is the same on current and on historical boundaries, so one sum serves both.
CREATE TABLE stock_province_month (
  province_code text NOT NULL,
  month date NOT NULL,
  sex smallint NOT NULL,
  age smallint NOT NULL,
  residence_status text NOT NULL,
  n integer NOT NULL,
  CONSTRAINT stock_province_month_pk PRIMARY KEY (province_code, month, sex, age, residence_status)
);
COMMENT ON TABLE stock_province_month IS 'stock_unit_month summed over the communes of a province.';

CREATE TABLE women_stock_province_month (
  province_code text NOT NULL,
  month date NOT NULL,
  age_group text NOT NULL,
  marital_status text NOT NULL,
  contraceptive_method text NOT NULL,
  n integer NOT NULL,
  CONSTRAINT women_stock_province_month_pk
    PRIMARY KEY (province_code, month, age_group, marital_status, contraceptive_method)
);
COMMENT ON TABLE women_stock_province_month IS 'women_stock_unit_month summed over the communes of a province.';

CREATE TABLE household_stock_province_month (
  province_code text NOT NULL,
  month date NOT NULL,
  kind text NOT NULL,
  n integer NOT NULL,
  CONSTRAINT household_stock_province_month_pk PRIMARY KEY (province_code, month, kind)
);
COMMENT ON TABLE household_stock_province_month IS
  'household_stock_unit_month summed over the communes of a province.';

-- Visible to whoever sees the whole province (a commune's scope names a commune, which these rows lack).
ALTER TABLE stock_province_month ENABLE ROW LEVEL SECURITY;
ALTER TABLE women_stock_province_month ENABLE ROW LEVEL SECURITY;
ALTER TABLE household_stock_province_month ENABLE ROW LEVEL SECURITY;
CREATE POLICY stock_province_month_scope ON stock_province_month
  USING (danso_place_visible(province_code, NULL, NULL));
CREATE POLICY women_stock_province_month_scope ON women_stock_province_month
  USING (danso_place_visible(province_code, NULL, NULL));
CREATE POLICY household_stock_province_month_scope ON household_stock_province_month
  USING (danso_place_visible(province_code, NULL, NULL));

-- Sums the communes' sums of a province for some months again. Security definer: a commune officer's
-- approval or import changes her commune's sums, and the province's sum needs every commune's; it returns
-- nothing, so it shows no one anything.
CREATE FUNCTION danso_sum_province_stock(p_province text, p_from date, p_to date) RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $sum$
BEGIN
  DELETE FROM stock_province_month WHERE province_code = p_province AND month BETWEEN p_from AND p_to;
  INSERT INTO stock_province_month (province_code, month, sex, age, residence_status, n)
  SELECT province_code, month, sex, age, residence_status, sum(n)::int FROM stock_unit_month
  WHERE province_code = p_province AND month BETWEEN p_from AND p_to
  GROUP BY 1, 2, 3, 4, 5;
  DELETE FROM women_stock_province_month WHERE province_code = p_province AND month BETWEEN p_from AND p_to;
  INSERT INTO women_stock_province_month
    (province_code, month, age_group, marital_status, contraceptive_method, n)
  SELECT province_code, month, age_group, marital_status, contraceptive_method, sum(n)::int
  FROM women_stock_unit_month
  WHERE province_code = p_province AND month BETWEEN p_from AND p_to
  GROUP BY 1, 2, 3, 4, 5;
  DELETE FROM household_stock_province_month
  WHERE province_code = p_province AND month BETWEEN p_from AND p_to;
  INSERT INTO household_stock_province_month (province_code, month, kind, n)
  SELECT province_code, month, kind, sum(n)::int FROM household_stock_unit_month
  WHERE province_code = p_province AND month BETWEEN p_from AND p_to
  GROUP BY 1, 2, 3;
END
$sum$;
COMMENT ON FUNCTION danso_sum_province_stock(text, date, date) IS
  'Recomputes the province sums of the month-end stocks from the communes'' sums for the months given.';

-- The sums of the stocks already computed.
SELECT danso_sum_province_stock(p.province_code, p.first, p.last)
FROM (SELECT province_code, min(month) AS first, max(month) AS last FROM stock_unit_month GROUP BY 1) p;
