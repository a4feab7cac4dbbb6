/** Unit boundaries (issue 6, item 6): GeoJSON checks for the import, and synthetic shapes for a demo province. */
export * from './generate.ts';
export * from './geojson.ts';
