-- Statistical reports (issue 6, item 3): a report of a form for a unit and period exists from its first
-- submission (before that it is a live draft, computed on request); every frozen version is kept with its
-- signature, and every action of the workflow is recorded.

CREATE TABLE report (
  id uuid NOT NULL,
  form_code text NOT NULL,
  level text NOT NULL,
  province_code text NOT NULL,
  commune_code text,
  unit_code text NOT NULL,
  period text NOT NULL,
  status text NOT NULL,
  version integer NOT NULL,
  deadline date NOT NULL,
  first_submitted_at timestamptz NOT NULL,
  submitted_at timestamptz NOT NULL,
  submitted_by uuid NOT NULL,
  approved_at timestamptz,
  approved_by uuid,
  locked_at timestamptz,
  returned_reason text,
  updated_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT report_pk PRIMARY KEY (id),
  CONSTRAINT report_unit_period_uq UNIQUE (form_code, unit_code, period),
  CONSTRAINT report_submitter_fk FOREIGN KEY (submitted_by) REFERENCES app_user (id),
  CONSTRAINT report_approver_fk FOREIGN KEY (approved_by) REFERENCES app_user (id),
  CONSTRAINT report_level_ck CHECK (
    (level = 'commune' AND commune_code IS NOT NULL AND unit_code = commune_code)
    OR (level = 'province' AND commune_code IS NULL AND unit_code = province_code)
  ),
  CONSTRAINT report_status_ck CHECK (status IN ('submitted', 'returned', 'approved', 'locked')),
  CONSTRAINT report_version_ck CHECK (version >= 1),
  CONSTRAINT report_reason_ck CHECK (returned_reason IS NULL OR length(returned_reason) BETWEEN 1 AND 1000)
);
CREATE INDEX report_province_ix ON report (province_code, form_code, period);
COMMENT ON TABLE report IS
  'A report of a form (packages/domain/src/reports/forms) for a commune or province and a period, from its first submission on: status (submitted, returned, approved, locked) is the replay of report_action; version is the latest frozen version in report_version; deadline the form''s rule for the period.';

CREATE TABLE report_version (
  report_id uuid NOT NULL,
  version integer NOT NULL,
  kind text NOT NULL,
  province_code text NOT NULL,
  commune_code text,
  document jsonb NOT NULL,
  signature text NOT NULL,
  key_id uuid NOT NULL,
  public_key text NOT NULL,
  signed_by uuid NOT NULL,
  signed_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT report_version_pk PRIMARY KEY (report_id, version),
  CONSTRAINT report_version_report_fk FOREIGN KEY (report_id) REFERENCES report (id),
  CONSTRAINT report_version_signer_fk FOREIGN KEY (signed_by) REFERENCES app_user (id),
  CONSTRAINT report_version_kind_ck CHECK (kind IN ('submission', 'revision')),
  CONSTRAINT report_version_signature_ck CHECK (signature ~ '^[A-Za-z0-9_-]{86}$'),
  CONSTRAINT report_version_public_key_ck CHECK (public_key ~ '^[A-Za-z0-9_-]{43}$')
);
COMMENT ON TABLE report_version IS
  'Every frozen version of a report: the document (values and labels) exactly as signed — Ed25519 over its canonical JSON (RFC 8785) — with the signer''s registered key and its public key then. A submission after a return, and each revision the province accepts, add a version; none is changed or removed.';
-- Frozen versions are never rewritten by the application.
REVOKE UPDATE, DELETE, TRUNCATE ON report_version FROM danso_app;

CREATE TABLE report_action (
  id bigint GENERATED ALWAYS AS IDENTITY,
  report_id uuid NOT NULL,
  province_code text NOT NULL,
  commune_code text,
  action text NOT NULL,
  version integer NOT NULL,
  actor_id uuid NOT NULL,
  at timestamptz NOT NULL DEFAULT now(),
  reason text,
  CONSTRAINT report_action_pk PRIMARY KEY (id),
  CONSTRAINT report_action_report_fk FOREIGN KEY (report_id) REFERENCES report (id),
  CONSTRAINT report_action_actor_fk FOREIGN KEY (actor_id) REFERENCES app_user (id),
  CONSTRAINT report_action_action_ck CHECK (action IN ('submit', 'return', 'approve', 'lock', 'accept_revision'))
);
CREATE INDEX report_action_report_ix ON report_action (report_id, id);
COMMENT ON TABLE report_action IS
  'The workflow of a report, in order: submissions, returns with their reason, approvals, locks and accepted revisions, each by whom and when.';
REVOKE UPDATE, DELETE, TRUNCATE ON report_action FROM danso_app;

ALTER TABLE report ENABLE ROW LEVEL SECURITY;
ALTER TABLE report_version ENABLE ROW LEVEL SECURITY;
ALTER TABLE report_action ENABLE ROW LEVEL SECURITY;
CREATE POLICY report_scope ON report USING (danso_place_visible(province_code, commune_code, NULL));
CREATE POLICY report_version_scope ON report_version USING (danso_place_visible(province_code, commune_code, NULL));
CREATE POLICY report_action_scope ON report_action USING (danso_place_visible(province_code, commune_code, NULL));
