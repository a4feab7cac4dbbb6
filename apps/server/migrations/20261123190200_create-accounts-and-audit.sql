-- Accounts, sessions, login throttling and the hash-chained audit log.

CREATE TABLE app_user (
  id uuid NOT NULL,
  username text NOT NULL,
  display_name text NOT NULL,
  role text NOT NULL,
  scope_province_code text,
  scope_commune_code text,
  password_hash text NOT NULL,
  totp_secret text,
  totp_enabled boolean NOT NULL DEFAULT false,
  disabled_at timestamptz,
  is_demo boolean NOT NULL DEFAULT false,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT app_user_pk PRIMARY KEY (id),
  CONSTRAINT app_user_username_uq UNIQUE (username),
  CONSTRAINT app_user_username_ck CHECK (username = lower(username) AND username ~ '^[a-z0-9._-]{3,64}$'),
  CONSTRAINT app_user_role_ck CHECK (role IN ('collaborator', 'commune_officer', 'province_officer', 'central_viewer', 'admin')),
  CONSTRAINT app_user_scope_ck CHECK (
    (role = 'central_viewer' AND scope_province_code IS NULL AND scope_commune_code IS NULL) OR
    (role = 'province_officer' AND scope_province_code IS NOT NULL AND scope_commune_code IS NULL) OR
    (role IN ('collaborator', 'commune_officer') AND scope_province_code IS NOT NULL AND scope_commune_code IS NOT NULL) OR
    (role = 'admin' AND scope_commune_code IS NULL)
  )
);
COMMENT ON TABLE app_user IS 'People who sign in, with their role and place scope. Passwords are argon2id hashes.';

CREATE TABLE user_area (
  user_id uuid NOT NULL,
  area_id uuid NOT NULL,
  CONSTRAINT user_area_pk PRIMARY KEY (user_id, area_id),
  CONSTRAINT user_area_user_fk FOREIGN KEY (user_id) REFERENCES app_user (id) ON DELETE CASCADE,
  CONSTRAINT user_area_area_fk FOREIGN KEY (area_id) REFERENCES area (id)
);
CREATE INDEX user_area_area_ix ON user_area (area_id);
COMMENT ON TABLE user_area IS 'The areas a collaborator keeps.';

CREATE TABLE user_session (
  token_hash text NOT NULL,
  user_id uuid NOT NULL,
  csrf_token text NOT NULL,
  stage text NOT NULL,
  created_at timestamptz NOT NULL,
  last_seen_at timestamptz NOT NULL,
  expires_at timestamptz NOT NULL,
  CONSTRAINT user_session_pk PRIMARY KEY (token_hash),
  CONSTRAINT user_session_user_fk FOREIGN KEY (user_id) REFERENCES app_user (id) ON DELETE CASCADE,
  CONSTRAINT user_session_stage_ck CHECK (stage IN ('active', 'totp_required', 'totp_enrolment_required'))
);
CREATE INDEX user_session_user_ix ON user_session (user_id);
COMMENT ON TABLE user_session IS
  'Signed-in sessions. Only the SHA-256 of the cookie token is stored; stage says whether the second factor is still owed.';

CREATE TABLE login_throttle (
  key text NOT NULL,
  failures integer NOT NULL,
  window_start timestamptz NOT NULL,
  locked_until timestamptz,
  CONSTRAINT login_throttle_pk PRIMARY KEY (key)
);
COMMENT ON TABLE login_throttle IS
  'Failed sign-ins counted per account name and per client address; keys are hashed so no user name is stored here.';

CREATE TABLE audit_log (
  id bigint NOT NULL,
  at timestamptz NOT NULL,
  actor_user_id uuid,
  actor_role text,
  action text NOT NULL,
  object_type text,
  object_id text,
  place_code text,
  client_address text,
  purpose text,
  details jsonb NOT NULL DEFAULT '{}'::jsonb,
  prev_hash text NOT NULL,
  hash text NOT NULL,
  CONSTRAINT audit_log_pk PRIMARY KEY (id)
);
CREATE INDEX audit_log_actor_ix ON audit_log (actor_user_id, at);
CREATE INDEX audit_log_object_ix ON audit_log (object_type, object_id);
COMMENT ON TABLE audit_log IS
  'Append-only log of sign-ins, administrative actions and personal-data access. Each row carries the SHA-256 of the previous row, so changing or removing a row breaks the chain.';

CREATE FUNCTION danso_audit_log_append_only() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'audit_log is append-only';
END
$$;
CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON audit_log
  FOR EACH ROW EXECUTE FUNCTION danso_audit_log_append_only();
REVOKE UPDATE, DELETE, TRUNCATE ON audit_log FROM danso_app;
