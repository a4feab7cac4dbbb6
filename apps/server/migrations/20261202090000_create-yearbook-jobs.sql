-- The province yearbooks being produced or ready to download. A job is started by a province (or central)
-- user, built in the background and its file kept here for a day, so that a restart of the server neither
-- loses a finished file nor a job in progress (the server starts again the jobs it finds running).
CREATE TABLE yearbook_job (
  id uuid PRIMARY KEY,
  user_id uuid NOT NULL REFERENCES app_user (id),
  province_code text NOT NULL,
  year text NOT NULL,
  format text NOT NULL,
  status text NOT NULL DEFAULT 'running',
  progress real NOT NULL DEFAULT 0,
  step text NOT NULL DEFAULT 'tables',
  file_name text,
  content_type text,
  body bytea,
  error text,
  created_at timestamptz NOT NULL DEFAULT now(),
  expires_at timestamptz NOT NULL,
  CONSTRAINT yearbook_job_format_ck CHECK (format IN ('pdf', 'xlsx')),
  CONSTRAINT yearbook_job_status_ck CHECK (status IN ('running', 'done', 'failed')),
  CONSTRAINT yearbook_job_step_ck CHECK (step IN ('tables', 'layout', 'done')),
  CONSTRAINT yearbook_job_year_ck CHECK (year ~ '^\d{4}$'),
  CONSTRAINT yearbook_job_file_ck CHECK (status <> 'done' OR body IS NOT NULL)
);
CREATE INDEX yearbook_job_user_ix ON yearbook_job (user_id, status);
CREATE INDEX yearbook_job_expires_ix ON yearbook_job (expires_at);
COMMENT ON TABLE yearbook_job IS
  'Province yearbooks (aggregates only, no personal data) in production or ready, for the user who started them; read only through the reports service, which checks the user and the province against the reader''s scope.';
