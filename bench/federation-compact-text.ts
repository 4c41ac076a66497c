/**
 * Deterministic French field-report descriptions for the compact bench: sentence parts filled
 * with the place and random numbers (not taken from the text model's corpus).
 */
// Sentence parts of a field report; {p} is the place, {n} and {m} numbers, {h} an hour.
const OPENINGS = [
  'Vers {h} h, des hommes armés circulant à moto ont ouvert le feu sur {p}.',
  'Dans la nuit, une attaque a visé le détachement stationné à {p}.',
  'Un convoi logistique a sauté sur une mine artisanale à {n} km de {p}.',
  'Selon le chef du village de {p}, des inconnus ont enlevé {n} personnes.',
  'La patrouille partie de {p} a essuyé des tirs nourris en fin de matinée.',
  'Des éleveurs signalent le passage de {n} pick-up armés au sud de {p}.',
];
const MIDDLES = [
  ' Les échanges ont duré près de {m} minutes avant le repli des assaillants.',
  ' Le bilan fait état de {n} morts et {m} blessés évacués vers le CMA.',
  ' Du matériel a été emporté, dont deux véhicules et des téléphones.',
  ' La population, inquiète, commence à quitter les hameaux voisins.',
  ' Une équipe du génie a été dépêchée pour sécuriser l’axe routier.',
  ' Les assaillants auraient traversé la frontière à la tombée du jour.',
];
const ENDINGS = [
  ' Renseignement à confirmer par une seconde source.',
  ' Situation calme mais précaire ce soir ; vigilance renforcée.',
  ' Demande d’appui aérien transmise à l’état-major.',
  ' Les recherches se poursuivent dans la zone.',
];

export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), a | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A French field-report description of `length` characters (200 by default) for an incident. */
export function description(place: string, r: () => number, length = 200): string {
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(r() * xs.length)]!;
  const fill = (s: string) =>
    s
      .replaceAll('{p}', place)
      .replaceAll('{n}', String(1 + Math.floor(r() * 30)))
      .replaceAll('{m}', String(2 + Math.floor(r() * 90)))
      .replaceAll('{h}', String(Math.floor(r() * 24)));
  let text = fill(pick(OPENINGS)) + fill(pick(MIDDLES)) + fill(pick(ENDINGS)) + fill(pick(MIDDLES));
  while ([...text].length < length) text += fill(pick(ENDINGS));
  return [...text].slice(0, length).join('');
}
