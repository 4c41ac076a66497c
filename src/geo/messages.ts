import { defineMessages } from '../i18n/i18n.ts';

/** Messages of the offline boundaries module (geo.*). */
export const geoMessages = defineMessages({
  'geo.bad_boundary_file': {
    fr: 'Fichier de limites administratives invalide : {file}',
    en: 'Invalid administrative boundary file: {file}',
  },
  'geo.bad_feature': {
    fr: 'Entité GeoJSON invalide (id, nom ou géométrie Polygon/MultiPolygon manquant)',
    en: 'Invalid GeoJSON feature (missing id, name or Polygon/MultiPolygon geometry)',
  },
  'geo.duplicate_code': {
    fr: 'Code HASC {code} attribué à plusieurs zones ({names})',
    en: 'HASC code {code} assigned to several areas ({names})',
  },
  'geo.no_boundary_files': {
    fr: 'Aucun fichier *_admin1.geojson dans {dir}',
    en: 'No *_admin1.geojson file in {dir}',
  },
});
