-- The collaborators' app (issue 5): device signing keys, what each device last reported, the month's signed
-- submission (phiếu thu tin), and what the pull needs to say "changed since your last sync" exactly.

-- Public keys of Ed25519 key pairs made on a phone (or an officer's browser). The secret key never leaves
-- the device; a signed document names the key it was signed with.
CREATE TABLE signing_key (
  id uuid NOT NULL,
  user_id uuid NOT NULL,
  public_key text NOT NULL,
  fingerprint text NOT NULL,
  label text NOT NULL,
  device_id uuid,
  created_at timestamptz NOT NULL DEFAULT now(),
  revoked_at timestamptz,
  CONSTRAINT signing_key_pk PRIMARY KEY (id),
  CONSTRAINT signing_key_user_fk FOREIGN KEY (user_id) REFERENCES app_user (id),
  CONSTRAINT signing_key_user_public_key_uq UNIQUE (user_id, public_key),
  CONSTRAINT signing_key_public_key_ck CHECK (public_key ~ '^[A-Za-z0-9_-]{43}$'),
  CONSTRAINT signing_key_label_ck CHECK (length(label) BETWEEN 1 AND 100)
);
CREATE INDEX signing_key_user_ix ON signing_key (user_id);
COMMENT ON TABLE signing_key IS
  'Ed25519 public keys (32 bytes, unpadded base64url) registered by users for signing documents. Never deleted: a revoked key still verifies what it signed before, and revoked_at says from when it may sign nothing new.';
REVOKE DELETE, TRUNCATE ON signing_key FROM danso_app;

-- One row per user and device: when it last reached the server, and what it said was still waiting on it.
CREATE TABLE sync_device (
  user_id uuid NOT NULL,
  device_id uuid NOT NULL,
  province_code text NOT NULL,
  commune_code text,
  area_ids uuid[] NOT NULL DEFAULT '{}',
  first_seen_at timestamptz NOT NULL DEFAULT now(),
  last_sync_at timestamptz NOT NULL,
  last_push_at timestamptz,
  last_pull_at timestamptz,
  pushed_items bigint NOT NULL DEFAULT 0,
  waiting_count integer,
  waiting_oldest_recorded_at timestamptz,
  waiting_reported_at timestamptz,
  CONSTRAINT sync_device_pk PRIMARY KEY (user_id, device_id),
  CONSTRAINT sync_device_user_fk FOREIGN KEY (user_id) REFERENCES app_user (id) ON DELETE CASCADE,
  CONSTRAINT sync_device_waiting_ck CHECK (waiting_count IS NULL OR waiting_count >= 0)
);
CREATE INDEX sync_device_place_ix ON sync_device (province_code, commune_code);
COMMENT ON TABLE sync_device IS
  'Each device of a user: its last sync (push or pull), and the number and oldest recording time of changes it reported as still waiting on it (not yet sent).';

-- The month's submission: the signed document as received. A second submission of a month is a new
-- version; none is ever changed or deleted.
CREATE TABLE month_submission (
  id uuid NOT NULL,
  user_id uuid NOT NULL,
  province_code text NOT NULL,
  commune_code text NOT NULL,
  area_ids uuid[] NOT NULL,
  month date NOT NULL,
  version integer NOT NULL,
  document jsonb NOT NULL,
  key_id uuid NOT NULL,
  signature text NOT NULL,
  received_at timestamptz NOT NULL DEFAULT now(),
  deadline timestamptz NOT NULL,
  on_time boolean NOT NULL,
  change_count integer NOT NULL,
  CONSTRAINT month_submission_pk PRIMARY KEY (id),
  CONSTRAINT month_submission_version_uq UNIQUE (user_id, month, version),
  CONSTRAINT month_submission_user_fk FOREIGN KEY (user_id) REFERENCES app_user (id),
  CONSTRAINT month_submission_key_fk FOREIGN KEY (key_id) REFERENCES signing_key (id),
  CONSTRAINT month_submission_month_ck CHECK (extract(day FROM month) = 1),
  CONSTRAINT month_submission_version_ck CHECK (version >= 1)
);
CREATE INDEX month_submission_place_ix ON month_submission (province_code, commune_code, month);
COMMENT ON TABLE month_submission IS
  'A collaborator''s signed month submission (phiếu thu tin, P0): document is the signed JSON (its canonical form is what the signature covers), key_id the signing key, version counts re-submissions of the same month.';
REVOKE UPDATE, DELETE, TRUNCATE ON month_submission FROM danso_app;

-- "Changed since your last sync": every write of a household, person or change stamps the row with the id
-- of the writing transaction. A device's cursor holds the snapshot of its last pull; a row changed since is
-- one whose stamp that snapshot could not see. Unlike a timestamp or a sequence number, this never skips a
-- row written by a transaction that committed after a later one.
CREATE FUNCTION danso_sync_stamp() RETURNS trigger
LANGUAGE plpgsql AS $stamp$
BEGIN
  NEW.sync_xid := pg_current_xact_id();
  RETURN NEW;
END
$stamp$;
COMMENT ON FUNCTION danso_sync_stamp() IS 'Stamps a written row with the writing transaction''s id, for the sync pull.';

ALTER TABLE household ADD COLUMN sync_xid xid8 NOT NULL DEFAULT pg_current_xact_id();
ALTER TABLE person ADD COLUMN sync_xid xid8 NOT NULL DEFAULT pg_current_xact_id();
ALTER TABLE change_record ADD COLUMN sync_xid xid8 NOT NULL DEFAULT pg_current_xact_id();
CREATE TRIGGER household_sync_stamp_tg BEFORE UPDATE ON household
  FOR EACH ROW EXECUTE FUNCTION danso_sync_stamp();
CREATE TRIGGER person_sync_stamp_tg BEFORE UPDATE ON person
  FOR EACH ROW EXECUTE FUNCTION danso_sync_stamp();
CREATE TRIGGER change_record_sync_stamp_tg BEFORE UPDATE ON change_record
  FOR EACH ROW EXECUTE FUNCTION danso_sync_stamp();
CREATE INDEX change_record_author_sync_ix ON change_record (author_id, sync_xid);

-- A household or person that leaves an area (a transfer to another area, a deletion) is no longer visible
-- to that area's collaborator, so the pull could not tell her it is gone: the departure is written here,
-- against the area it left.
CREATE TABLE sync_departure (
  id bigint GENERATED ALWAYS AS IDENTITY,
  entity text NOT NULL,
  entity_id uuid NOT NULL,
  province_code text NOT NULL,
  commune_code text NOT NULL,
  area_id uuid NOT NULL,
  at timestamptz NOT NULL DEFAULT now(),
  sync_xid xid8 NOT NULL DEFAULT pg_current_xact_id(),
  CONSTRAINT sync_departure_pk PRIMARY KEY (id),
  CONSTRAINT sync_departure_entity_ck CHECK (entity IN ('household', 'person'))
);
CREATE INDEX sync_departure_area_ix ON sync_departure (area_id, sync_xid);
COMMENT ON TABLE sync_departure IS
  'Households and people that left an area (moved to another area or deleted), stamped like the register rows, so that the area''s devices drop them at their next pull.';

-- Security definer: the departure is written whatever the writer may see (the row-level security of the
-- old area must not refuse the note that a row left it).
CREATE FUNCTION danso_sync_departure() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $departure$
BEGIN
  INSERT INTO sync_departure (entity, entity_id, province_code, commune_code, area_id)
  VALUES (TG_ARGV[0], OLD.id, OLD.province_code, OLD.commune_code, OLD.area_id);
  RETURN NULL;
END
$departure$;
COMMENT ON FUNCTION danso_sync_departure() IS 'Notes that a household or person left its area, for the sync pull.';
CREATE TRIGGER household_sync_departure_tg AFTER UPDATE OF area_id ON household
  FOR EACH ROW WHEN (OLD.area_id IS DISTINCT FROM NEW.area_id) EXECUTE FUNCTION danso_sync_departure('household');
CREATE TRIGGER person_sync_departure_tg AFTER UPDATE OF area_id ON person
  FOR EACH ROW WHEN (OLD.area_id IS DISTINCT FROM NEW.area_id) EXECUTE FUNCTION danso_sync_departure('person');
CREATE TRIGGER household_sync_delete_tg AFTER DELETE ON household
  FOR EACH ROW EXECUTE FUNCTION danso_sync_departure('household');
CREATE TRIGGER person_sync_delete_tg AFTER DELETE ON person
  FOR EACH ROW EXECUTE FUNCTION danso_sync_departure('person');

-- Row-level security. Device rows and submissions belong to a commune; a collaborator (area scope) sees
-- those that cover one of her areas.
CREATE FUNCTION danso_areas_visible(p_province text, p_commune text, p_areas uuid[])
RETURNS boolean
LANGUAGE sql
STABLE
AS $$
  SELECT danso_place_visible(p_province, p_commune, NULL)
    OR (current_setting('danso.scope_kind', true) = 'areas'
        AND p_province = current_setting('danso.scope_province', true)
        AND p_commune = current_setting('danso.scope_commune', true)
        AND p_areas && string_to_array(nullif(current_setting('danso.scope_areas', true), ''), ',')::uuid[])
$$;
COMMENT ON FUNCTION danso_areas_visible(text, text, uuid[]) IS
  'Row-level security check for rows that cover several areas: the commune is in scope, or (area scope) one of the areas is.';

ALTER TABLE sync_device ENABLE ROW LEVEL SECURITY;
ALTER TABLE month_submission ENABLE ROW LEVEL SECURITY;
ALTER TABLE sync_departure ENABLE ROW LEVEL SECURITY;
CREATE POLICY sync_device_scope ON sync_device USING (danso_areas_visible(province_code, commune_code, area_ids));
CREATE POLICY month_submission_scope ON month_submission
  USING (danso_areas_visible(province_code, commune_code, area_ids));
CREATE POLICY sync_departure_scope ON sync_departure USING (danso_place_visible(province_code, commune_code, area_id));
