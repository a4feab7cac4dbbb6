-- Boundaries of administrative units (issue 6, item 6): one GeoJSON shape per unit version, imported from a
-- file or generated for the demo province, read by the population map.

CREATE TABLE unit_boundary (
  unit_code text NOT NULL,
  unit_valid_from date NOT NULL,
  province_code text NOT NULL,
  geometry jsonb NOT NULL,
  bbox_west double precision NOT NULL,
  bbox_south double precision NOT NULL,
  bbox_east double precision NOT NULL,
  bbox_north double precision NOT NULL,
  generated boolean NOT NULL DEFAULT false,
  source text NOT NULL,
  imported_at timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT unit_boundary_pk PRIMARY KEY (unit_code, unit_valid_from),
  CONSTRAINT unit_boundary_unit_fk FOREIGN KEY (unit_code, unit_valid_from)
    REFERENCES admin_unit (code, valid_from) ON DELETE CASCADE,
  CONSTRAINT unit_boundary_type_ck CHECK (geometry ->> 'type' IN ('Polygon', 'MultiPolygon')),
  CONSTRAINT unit_boundary_bbox_ck CHECK (bbox_west <= bbox_east AND bbox_south <= bbox_north),
  CONSTRAINT unit_boundary_source_ck CHECK (length(source) BETWEEN 1 AND 300)
);
CREATE INDEX unit_boundary_province_ix ON unit_boundary (province_code);
COMMENT ON TABLE unit_boundary IS
  'The shape of one version of an administrative unit (admin_unit code and valid_from): a GeoJSON Polygon or MultiPolygon in WGS 84 longitude/latitude with its bounding box. generated marks the synthetic shapes made for a demo province, which are not real boundaries; source names the file or generator.';
