/**
 * Admin names as the incident extension records them. Burkina Faso's bundled "admin-1" polygons
 * are its 45 provinces, but the country's first-level division is the region (13 until the 2025
 * reform, which the 2020–2023 data predate). So for BFA the extension gets admin1 = region and
 * admin2 = province, as in the extension example ("Centre-Nord" / "Bam"); elsewhere the polygon
 * is the first-level unit and admin2 is unknown from geometry alone.
 */
import type { AdminArea } from './boundaries.ts';

/** BFA province (HASC) → region, per the 2001 law creating the 13 regions. */
const BFA_REGION_OF_PROVINCE: ReadonlyMap<string, string> = new Map(
  Object.entries({
    'Boucle du Mouhoun': ['BF.BA', 'BF.BW', 'BF.KS', 'BF.MO', 'BF.NY', 'BF.SR'],
    Cascades: ['BF.KM', 'BF.LE'],
    Centre: ['BF.KA'],
    'Centre-Est': ['BF.BL', 'BF.KL', 'BF.KR'],
    'Centre-Nord': ['BF.BM', 'BF.NM', 'BF.ST'],
    'Centre-Ouest': ['BF.BK', 'BF.SG', 'BF.SS', 'BF.ZR'],
    'Centre-Sud': ['BF.BZ', 'BF.NR', 'BF.ZW'],
    Est: ['BF.GG', 'BF.GM', 'BF.KJ', 'BF.KP', 'BF.TA'],
    'Hauts-Bassins': ['BF.HO', 'BF.KN', 'BF.TU'],
    Nord: ['BF.LO', 'BF.PA', 'BF.YT', 'BF.ZM'],
    'Plateau-Central': ['BF.GZ', 'BF.KW', 'BF.OB'],
    Sahel: ['BF.OD', 'BF.SE', 'BF.SM', 'BF.YG'],
    'Sud-Ouest': ['BF.BB', 'BF.IO', 'BF.NB', 'BF.PO'],
  }).flatMap(([region, codes]) => codes.map((c): [string, string] => [c, region])),
);

/** The region of a Burkina Faso province given its HASC code, or null. */
export function bfaRegionOf(provinceCode: string): string | null {
  return BFA_REGION_OF_PROVINCE.get(provinceCode) ?? null;
}

/** admin1/admin2 for the incident extension's `location` from an area found by point. */
export function incidentAdminNames(area: AdminArea): { admin1: string; admin2: string | null } {
  if (area.country === 'BFA') {
    const region = bfaRegionOf(area.admin1Code);
    if (region) return { admin1: region, admin2: area.admin1 };
  }
  return { admin1: area.admin1, admin2: null };
}
