/**
 * Country names as conflict datasets write them (UCDP GED: 'Ivory Coast', 'DR Congo (Zaire)';
 * ACLED: "Cote d'Ivoire", 'Democratic Republic of Congo'), plus French forms, → ISO 3166-1
 * alpha-3. The spellings below cover Africa, where a Sahel node's imports come from; any other
 * country is found by its ISO 3166 short name (English or French) from src/objects/countries.ts.
 * Anything else maps to null and the importer reports the row.
 */
import { foldText } from '../core/text.ts';
import { COUNTRIES as ISO_COUNTRIES, countryByAlpha3, isAlpha3 } from '../objects/countries.ts';

interface CountryEntry {
  iso3: string;
  fr: string;
  names: readonly string[];
}

const COUNTRIES: readonly CountryEntry[] = [
  { iso3: 'BFA', fr: 'Burkina Faso', names: ['Burkina Faso', 'Burkina', 'Upper Volta', 'Haute-Volta'] },
  { iso3: 'MLI', fr: 'Mali', names: ['Mali'] },
  { iso3: 'NER', fr: 'Niger', names: ['Niger'] },
  { iso3: 'SEN', fr: 'Sénégal', names: ['Senegal'] },
  { iso3: 'BEN', fr: 'Bénin', names: ['Benin', 'Dahomey'] },
  { iso3: 'TGO', fr: 'Togo', names: ['Togo'] },
  { iso3: 'GHA', fr: 'Ghana', names: ['Ghana'] },
  {
    iso3: 'CIV',
    fr: 'Côte d’Ivoire',
    names: ['Ivory Coast', "Cote d'Ivoire", 'Côte d’Ivoire', 'Cote dIvoire', 'Republic of Cote d’Ivoire'],
  },
  { iso3: 'NGA', fr: 'Nigeria', names: ['Nigeria', 'Nigéria'] },
  { iso3: 'TCD', fr: 'Tchad', names: ['Chad'] },
  { iso3: 'MRT', fr: 'Mauritanie', names: ['Mauritania'] },
  { iso3: 'DZA', fr: 'Algérie', names: ['Algeria'] },
  { iso3: 'GIN', fr: 'Guinée', names: ['Guinea', 'Guinea-Conakry', 'Guinée-Conakry'] },
  { iso3: 'GNB', fr: 'Guinée-Bissau', names: ['Guinea-Bissau', 'Guinea Bissau'] },
  { iso3: 'GMB', fr: 'Gambie', names: ['Gambia', 'The Gambia'] },
  { iso3: 'LBR', fr: 'Liberia', names: ['Liberia', 'Libéria'] },
  { iso3: 'SLE', fr: 'Sierra Leone', names: ['Sierra Leone'] },
  { iso3: 'CPV', fr: 'Cap-Vert', names: ['Cape Verde', 'Cabo Verde'] },
  { iso3: 'LBY', fr: 'Libye', names: ['Libya'] },
  { iso3: 'MAR', fr: 'Maroc', names: ['Morocco'] },
  { iso3: 'TUN', fr: 'Tunisie', names: ['Tunisia'] },
  { iso3: 'EGY', fr: 'Égypte', names: ['Egypt'] },
  { iso3: 'SDN', fr: 'Soudan', names: ['Sudan'] },
  { iso3: 'SSD', fr: 'Soudan du Sud', names: ['South Sudan'] },
  { iso3: 'CMR', fr: 'Cameroun', names: ['Cameroon'] },
  {
    iso3: 'CAF',
    fr: 'République centrafricaine',
    names: ['Central African Republic', 'Centrafrique', 'CAR'],
  },
  {
    iso3: 'COD',
    fr: 'République démocratique du Congo',
    names: [
      'DR Congo (Zaire)',
      'DR Congo',
      'Democratic Republic of Congo',
      'Democratic Republic of the Congo',
      'RDC',
      'Zaire',
    ],
  },
  {
    iso3: 'COG',
    fr: 'République du Congo',
    names: ['Congo', 'Republic of Congo', 'Republic of the Congo', 'Congo-Brazzaville'],
  },
  { iso3: 'GAB', fr: 'Gabon', names: ['Gabon'] },
  { iso3: 'GNQ', fr: 'Guinée équatoriale', names: ['Equatorial Guinea'] },
  { iso3: 'ETH', fr: 'Éthiopie', names: ['Ethiopia'] },
  { iso3: 'ERI', fr: 'Érythrée', names: ['Eritrea'] },
  { iso3: 'DJI', fr: 'Djibouti', names: ['Djibouti'] },
  { iso3: 'SOM', fr: 'Somalie', names: ['Somalia'] },
  { iso3: 'KEN', fr: 'Kenya', names: ['Kenya'] },
];

/** Folds apostrophes, accents and case so "Côte d’Ivoire" and "cote d'ivoire" meet. */
const key = (name: string): string => foldText(name);

const BY_NAME = new Map<string, string>();
const FRENCH = new Map<string, string>();
for (const c of ISO_COUNTRIES) {
  BY_NAME.set(key(c.en), c.alpha3);
  BY_NAME.set(key(c.fr), c.alpha3);
}
// Our spellings come last so they win over an ISO name that happens to fold the same way.
for (const c of COUNTRIES) {
  FRENCH.set(c.iso3, c.fr);
  for (const n of [...c.names, c.fr]) BY_NAME.set(key(n), c.iso3);
}

/** ISO 3166-1 alpha-3 for a country name (or for an assigned alpha-3 code), else null. */
export function countryIso3(name: string): string | null {
  const trimmed = name.trim();
  if (isAlpha3(trimmed)) return trimmed;
  return BY_NAME.get(key(trimmed)) ?? null;
}

/** The French name of a country (as used in a sentence), else the code itself. */
export function countryNameFr(iso3: string): string {
  return FRENCH.get(iso3) ?? countryByAlpha3(iso3)?.fr ?? iso3;
}
