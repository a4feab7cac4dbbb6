-- Areas whose month-end stocks are behind the register. An approval marks its areas here instead of
-- recomputing their stocks in its own transaction; the stocks are brought up to date shortly after in the
-- background, and always before the indicator engine reads them (population/stale-stock.ts).
CREATE TABLE stock_stale (
  area_id uuid PRIMARY KEY,
  province_code text NOT NULL,
  from_month date NOT NULL,
  marked_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT stock_stale_month_ck CHECK (extract(day FROM from_month) = 1)
);
CREATE INDEX stock_stale_province_ix ON stock_stale (province_code);
COMMENT ON TABLE stock_stale IS
  'Areas whose month-end stocks from from_month on must be computed again. Holds no counts, so it has no row-level policy.';
