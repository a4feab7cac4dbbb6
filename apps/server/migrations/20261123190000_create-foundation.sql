-- Extensions, the application role that row-level security applies to, and the place-scope check.

CREATE EXTENSION IF NOT EXISTS pg_trgm;
CREATE EXTENSION IF NOT EXISTS unaccent;

-- Requests run their SQL as danso_app (SET LOCAL ROLE), a role without superuser or ownership, so that
-- the row-level security policies below apply to every request. Roles are cluster-wide: the role may
-- already exist when several databases share one server.
DO $$
BEGIN
  CREATE ROLE danso_app NOLOGIN;
EXCEPTION
  WHEN duplicate_object OR unique_violation THEN NULL;
END
$$;

DO $$
BEGIN
  EXECUTE 'GRANT danso_app TO ' || quote_ident(current_user);
EXCEPTION
  WHEN OTHERS THEN NULL; -- superusers need no membership; others must have been granted it by the DBA
END
$$;

GRANT USAGE ON SCHEMA public TO danso_app;
ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO danso_app;
ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE, SELECT ON SEQUENCES TO danso_app;

-- The place scope of the current transaction, set by the server from the signed-in user:
--   danso.scope_kind      national | province | commune | areas
--   danso.scope_province  2-digit province code
--   danso.scope_commune   5-digit commune code
--   danso.scope_areas     comma-separated area ids
-- No scope set means nothing is visible.
CREATE FUNCTION danso_place_visible(p_province text, p_commune text, p_area uuid)
RETURNS boolean
LANGUAGE sql
STABLE
AS $$
  SELECT CASE current_setting('danso.scope_kind', true)
    WHEN 'national' THEN true
    WHEN 'province' THEN p_province = current_setting('danso.scope_province', true)
    WHEN 'commune' THEN p_province = current_setting('danso.scope_province', true)
                    AND p_commune = current_setting('danso.scope_commune', true)
    WHEN 'areas' THEN p_province = current_setting('danso.scope_province', true)
                  AND p_commune = current_setting('danso.scope_commune', true)
                  AND p_area IS NOT NULL
                  AND p_area::text = ANY (string_to_array(current_setting('danso.scope_areas', true), ','))
    ELSE false
  END
$$;

COMMENT ON FUNCTION danso_place_visible(text, text, uuid) IS
  'Row-level security check: is a row of this province/commune/area inside the transaction''s place scope?';
