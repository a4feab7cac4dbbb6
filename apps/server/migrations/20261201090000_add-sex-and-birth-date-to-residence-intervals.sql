-- The population by sex and single age on a date, and the projections' base population and person-years,
-- are counted from the residence intervals alone: each interval carries its person's sex and birth date, so
-- the count needs no lookup of every person (two thirds of its time for a commune of 30,000 people) and a
-- commune's count is an index-only scan of its areas' intervals.

ALTER TABLE residence_interval
  ADD COLUMN sex smallint,
  ADD COLUMN birth_date date;
UPDATE residence_interval r SET sex = p.sex, birth_date = p.birth_date FROM person p WHERE p.id = r.person_id;
ALTER TABLE residence_interval
  ALTER COLUMN sex SET NOT NULL,
  ALTER COLUMN birth_date SET NOT NULL;
COMMENT ON COLUMN residence_interval.sex IS 'The person''s sex (person.sex, kept equal by triggers).';
COMMENT ON COLUMN residence_interval.birth_date IS 'The person''s birth date (person.birth_date, kept equal by triggers).';

-- Writers that load many intervals (the seeder) copy sex and birth date themselves; the trigger copies them
-- for the rest. Security definer: the person is read whatever the writer may see.
CREATE FUNCTION danso_residence_person_fields() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $fields$
BEGIN
  SELECT p.sex, p.birth_date INTO NEW.sex, NEW.birth_date FROM person p WHERE p.id = NEW.person_id;
  RETURN NEW;
END
$fields$;
COMMENT ON FUNCTION danso_residence_person_fields() IS
  'Copies the person''s sex and birth date into a new residence interval that lacks them.';
CREATE TRIGGER residence_interval_person_fields_tg BEFORE INSERT ON residence_interval
  FOR EACH ROW WHEN (NEW.sex IS NULL OR NEW.birth_date IS NULL) EXECUTE FUNCTION danso_residence_person_fields();

-- A corrected sex or birth date holds for every date, as the person's row does: all the person's intervals
-- take it, also those in places the writer may not see (security definer).
CREATE FUNCTION danso_person_fields_to_residence() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $fields$
BEGIN
  UPDATE residence_interval SET sex = NEW.sex, birth_date = NEW.birth_date WHERE person_id = NEW.id;
  RETURN NULL;
END
$fields$;
COMMENT ON FUNCTION danso_person_fields_to_residence() IS
  'Copies a person''s changed sex or birth date into all their residence intervals.';
CREATE TRIGGER person_residence_fields_tg AFTER UPDATE OF sex, birth_date ON person
  FOR EACH ROW WHEN (OLD.sex IS DISTINCT FROM NEW.sex OR OLD.birth_date IS DISTINCT FROM NEW.birth_date)
  EXECUTE FUNCTION danso_person_fields_to_residence();

-- The areas' intervals with everything a count by sex and age and the row-level security policy read, so
-- that the count never visits the table (the same keys as the index it replaces).
DROP INDEX residence_interval_area_ix;
CREATE INDEX residence_interval_area_ix ON residence_interval (area_id, valid_from)
  INCLUDE (valid_to, sex, birth_date, province_code, commune_code);

-- The same test as danso_place_visible, with the scope read once per query (each sub-select is an initial
-- plan) instead of three times for every row: a province's projection reads millions of intervals. A CASE,
-- like the function, so that the planner's estimate of the visible rows stays the same.
DROP POLICY residence_interval_scope ON residence_interval;
CREATE POLICY residence_interval_scope ON residence_interval USING (
  CASE (SELECT current_setting('danso.scope_kind', true))
    WHEN 'national' THEN true
    WHEN 'province' THEN province_code = (SELECT current_setting('danso.scope_province', true))
    WHEN 'commune' THEN province_code = (SELECT current_setting('danso.scope_province', true))
                    AND commune_code = (SELECT current_setting('danso.scope_commune', true))
    WHEN 'areas' THEN province_code = (SELECT current_setting('danso.scope_province', true))
                  AND commune_code = (SELECT current_setting('danso.scope_commune', true))
                  AND area_id::text = ANY ((SELECT string_to_array(current_setting('danso.scope_areas', true), ','))::text[])
    ELSE false
  END
);
