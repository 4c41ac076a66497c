/**
 * Twenty fictitious incident reports for the demo node, so that sharing demos have sensitive
 * records to withhold (TLP:AMBER, AMBER+STRICT, RED, REL TO). Places are real border posts and
 * roads; the events are invented, name no person and are attributed to no group. Every one is
 * labelled `demo-synthetic` and its description starts «Donnée fictive de démonstration».
 */
import type { EventType } from '../objects/taxonomy.ts';
import type { CasualtyCounts, MaterielItem } from '../objects/sentinelle-extension.ts';
import type { Tlp } from '../objects/markings.ts';

/** Seeded draws in [0, 1). */
export type Rng = () => number;

/** An integer in [min, max] from the generator. */
export const pick = (r: Rng, min: number, max: number): number => min + Math.floor(r() * (max - min + 1));

export interface SyntheticDraft {
  text: string;
  materiel?: MaterielItem[];
  fatalities?: CasualtyCounts;
  injured?: CasualtyCounts;
}

export interface SyntheticTemplate {
  key: string;
  event_type: EventType;
  event_subtype?: string;
  title: string;
  lat: number;
  lon: number;
  country: string;
  tlp: Tlp;
  relTo?: readonly string[];
  reliability: 'A' | 'B' | 'C' | 'D';
  credibility: 1 | 2 | 3 | 4;
  make(r: Rng): SyntheticDraft;
}

const AES = ['BFA', 'MLI', 'NER'] as const;
const BFA_SEN = ['BFA', 'SEN'] as const;

export const SYNTHETIC_TEMPLATES: readonly SyntheticTemplate[] = [
  {
    key: 'kantchari-arms',
    event_type: 'arms_seizure',
    event_subtype: 'checkpoint_seizure',
    title: 'Saisie d’armes au poste de contrôle de Kantchari',
    lat: 12.48,
    lon: 1.51,
    country: 'BFA',
    tlp: 'amber',
    relTo: AES,
    reliability: 'B',
    credibility: 2,
    make: (r) => {
      const rifles = pick(r, 3, 12);
      const rounds = pick(r, 4, 20) * 100;
      return {
        text: `Lors d’un contrôle de routine, ${rifles} fusils d’assaut de type AK et ${rounds} cartouches de 7,62 × 39 mm dissimulés dans un camion de marchandises venant de la frontière nigérienne. Aucune victime.`,
        materiel: [
          { category: 'small_arm', model: 'Fusil d’assaut type AK', quantity: rifles },
          { category: 'ammunition', model: '7,62 × 39 mm', quantity: rounds },
        ],
      };
    },
  },
  {
    key: 'matiacoali-ied',
    event_type: 'ied_found',
    event_subtype: 'disarmed',
    title: 'EEI désamorcé sur l’axe Fada N’Gourma–Kantchari',
    lat: 12.36,
    lon: 1.03,
    country: 'BFA',
    tlp: 'green',
    relTo: AES,
    reliability: 'A',
    credibility: 1,
    make: (r) => ({
      text: `Engin explosif improvisé à plaque de pression repéré par une patrouille à ${pick(r, 2, 15)} km de Matiacoali, désamorcé par l’équipe de déminage. Circulation interrompue ${pick(r, 2, 6)} heures.`,
      materiel: [{ category: 'ied_component', model: 'Plaque de pression artisanale', quantity: 1 }],
    }),
  },
  {
    key: 'seytenga-fuel',
    event_type: 'trafficking_interdiction',
    event_subtype: 'fuel',
    title: 'Interception de carburant de contrebande près de Seytenga',
    lat: 14.13,
    lon: 0.3,
    country: 'BFA',
    tlp: 'amber',
    relTo: AES,
    reliability: 'B',
    credibility: 2,
    make: (r) => ({
      text: `Convoi de ${pick(r, 2, 5)} motos-tricycles transportant environ ${pick(r, 8, 30) * 100} litres de carburant intercepté de nuit sur une piste frontalière. Conducteurs en fuite.`,
    }),
  },
  {
    key: 'diapaga-cache',
    event_type: 'arms_seizure',
    event_subtype: 'cache_discovered',
    title: 'Cache d’armes découverte au sud de Diapaga',
    lat: 11.9,
    lon: 1.75,
    country: 'BFA',
    tlp: 'amber',
    reliability: 'B',
    credibility: 2,
    make: (r) => {
      const mg = pick(r, 1, 2);
      const grenades = pick(r, 4, 15);
      return {
        text: `Cache enterrée en zone boisée : ${mg} mitrailleuse(s) légère(s), ${grenades} grenades et du matériel de communication. Information issue d’un renseignement humain, recoupée sur place.`,
        materiel: [
          { category: 'light_weapon', model: 'Mitrailleuse légère type PKM', quantity: mg },
          { category: 'explosive', model: 'Grenade à main', quantity: grenades },
          { category: 'communication_equipment', model: 'Poste radio portatif', quantity: pick(r, 1, 4) },
        ],
      };
    },
  },
  {
    key: 'djibo-ied',
    event_type: 'ied_found',
    event_subtype: 'controlled_detonation',
    title: 'EEI détruit sur la route Djibo–Namsiguia',
    lat: 14.02,
    lon: -1.45,
    country: 'BFA',
    tlp: 'green',
    relTo: AES,
    reliability: 'A',
    credibility: 1,
    make: (r) => ({
      text: `Deux charges reliées repérées sous la chaussée, détruites sur place par destruction contrôlée. Axe rouvert après ${pick(r, 3, 8)} heures.`,
      materiel: [{ category: 'ied_component', model: 'Charge artisanale en bidon', quantity: 2 }],
    }),
  },
  {
    key: 'markoye-checkpoint',
    event_type: 'armed_attack_security_forces',
    event_subtype: 'attack_on_checkpoint',
    title: 'Attaque d’un poste avancé près de Markoye',
    lat: 14.65,
    lon: 0.04,
    country: 'BFA',
    tlp: 'amber',
    relTo: AES,
    reliability: 'B',
    credibility: 2,
    make: (r) => {
      const wounded = pick(r, 1, 4);
      return {
        text: `Tirs nourris contre un poste avancé à l’aube, repoussés après environ ${pick(r, 20, 60)} minutes. ${wounded} militaire(s) blessé(s), évacué(s) vers Dori.`,
        injured: { security_forces: wounded, civilians: 0, assailants: 0, unknown: 0 },
        fatalities: { security_forces: 0, civilians: 0, assailants: 0, unknown: 0 },
      };
    },
  },
  {
    key: 'batie-gold',
    event_type: 'trafficking_interdiction',
    event_subtype: 'gold',
    title: 'Or non déclaré intercepté près de Batié',
    lat: 9.88,
    lon: -2.92,
    country: 'BFA',
    tlp: 'amber',
    relTo: BFA_SEN,
    reliability: 'C',
    credibility: 3,
    make: (r) => ({
      text: `Environ ${pick(r, 2, 9)} kg d’or brut non déclaré découverts dans un véhicule se dirigeant vers la frontière. Enquête ouverte sur la filière d’écoulement.`,
    }),
  },
  {
    key: 'ouaga-search',
    event_type: 'arms_seizure',
    event_subtype: 'search_operation',
    title: 'Saisie lors d’une fouille à la gare routière de Ouagadougou',
    lat: 12.36,
    lon: -1.53,
    country: 'BFA',
    tlp: 'amber+strict',
    reliability: 'B',
    credibility: 2,
    make: (r) => {
      const pistols = pick(r, 2, 6);
      return {
        text: `Fouille ciblée d’un colis en transit : ${pistols} pistolets automatiques sans marquage et des chargeurs. Suites judiciaires en cours, diffusion restreinte au service.`,
        materiel: [
          {
            category: 'small_arm',
            model: 'Pistolet automatique',
            manufacturer_marks: 'marquages effacés',
            quantity: pistols,
          },
        ],
      };
    },
  },
  {
    key: 'niangoloko-arms',
    event_type: 'trafficking_interdiction',
    event_subtype: 'arms',
    title: 'Trafic d’armes intercepté à Niangoloko',
    lat: 10.28,
    lon: -4.92,
    country: 'BFA',
    tlp: 'amber',
    relTo: BFA_SEN,
    reliability: 'B',
    credibility: 2,
    make: (r) => {
      const guns = pick(r, 10, 40);
      return {
        text: `${guns} fusils de chasse de fabrication artisanale dissimulés dans un chargement de céréales en provenance du sud. Route présumée vers le nord du pays.`,
        materiel: [{ category: 'small_arm', model: 'Fusil de chasse artisanal', quantity: guns }],
      };
    },
  },
  {
    key: 'koupela-ied',
    event_type: 'ied_found',
    event_subtype: 'disarmed',
    title: 'EEI désamorcé entre Koupéla et Fada N’Gourma',
    lat: 12.18,
    lon: -0.2,
    country: 'BFA',
    tlp: 'green',
    relTo: AES,
    reliability: 'A',
    credibility: 1,
    make: () => ({
      text: 'Engin signalé par des usagers de la route, désamorcé par le génie. Aucune victime.',
      materiel: [{ category: 'ied_component', model: 'Détonateur électrique', quantity: 1 }],
    }),
  },
  {
    key: 'bobo-drugs',
    event_type: 'trafficking_interdiction',
    event_subtype: 'drugs',
    title: 'Saisie de stupéfiants à Bobo-Dioulasso',
    lat: 11.18,
    lon: -4.29,
    country: 'BFA',
    tlp: 'amber+strict',
    reliability: 'C',
    credibility: 2,
    make: (r) => ({
      text: `Environ ${pick(r, 20, 120)} kg de résine de cannabis saisis dans un entrepôt. Enquête en cours, diffusion restreinte au service.`,
    }),
  },
  {
    key: 'koloko-arms',
    event_type: 'arms_seizure',
    event_subtype: 'checkpoint_seizure',
    title: 'Munitions saisies au poste frontière de Koloko',
    lat: 11.08,
    lon: -5.32,
    country: 'BFA',
    tlp: 'amber',
    relTo: AES,
    reliability: 'B',
    credibility: 2,
    make: (r) => {
      const rounds = pick(r, 5, 30) * 100;
      return {
        text: `${rounds} cartouches de 7,62 × 39 mm découvertes dans un double fond de minibus à l’entrée depuis le Mali.`,
        materiel: [
          { category: 'ammunition', model: '7,62 × 39 mm', headstamp: 'illisible', quantity: rounds },
        ],
      };
    },
  },
  {
    key: 'sebba-ambush',
    event_type: 'armed_attack_security_forces',
    event_subtype: 'ambush',
    title: 'Embuscade contre une escorte près de Sebba',
    lat: 13.44,
    lon: 0.53,
    country: 'BFA',
    tlp: 'red',
    reliability: 'B',
    credibility: 2,
    make: (r) => {
      const killed = pick(r, 1, 5);
      const wounded = pick(r, 2, 8);
      return {
        text: `Escorte de ravitaillement prise à partie par des assaillants à moto. Bilan provisoire : ${killed} militaire(s) tué(s), ${wounded} blessé(s). Diffusion limitée aux destinataires nommés.`,
        fatalities: { security_forces: killed, civilians: 0, assailants: 0, unknown: 0 },
        injured: { security_forces: wounded, civilians: 0, assailants: 0, unknown: 0 },
      };
    },
  },
  {
    key: 'dori-kidnapping',
    event_type: 'kidnapping',
    event_subtype: 'ransom',
    title: 'Enlèvement d’un transporteur près de Dori',
    lat: 14.03,
    lon: -0.03,
    country: 'BFA',
    tlp: 'amber',
    relTo: AES,
    reliability: 'C',
    credibility: 3,
    make: (r) => ({
      text: `Un transporteur enlevé sur la route de Gorom-Gorom ; une demande de rançon aurait été reçue par la famille ${pick(r, 2, 6)} jours plus tard. Information non confirmée.`,
    }),
  },
  {
    key: 'kidira-arms',
    event_type: 'arms_seizure',
    event_subtype: 'checkpoint_seizure',
    title: 'Saisie d’armes au poste frontière de Kidira',
    lat: 14.46,
    lon: -12.26,
    country: 'SEN',
    tlp: 'amber',
    relTo: BFA_SEN,
    reliability: 'B',
    credibility: 2,
    make: (r) => {
      const rifles = pick(r, 2, 8);
      return {
        text: `${rifles} fusils d’assaut démontés découverts dans un camion-citerne en provenance du Mali, au titre de la coopération bilatérale avec le Burkina Faso.`,
        materiel: [{ category: 'small_arm', model: 'Fusil d’assaut type AK', quantity: rifles }],
      };
    },
  },
  {
    key: 'moussala-arms',
    event_type: 'trafficking_interdiction',
    event_subtype: 'arms',
    title: 'Filière d’armes interceptée près de Moussala',
    lat: 12.95,
    lon: -11.4,
    country: 'SEN',
    tlp: 'amber',
    relTo: BFA_SEN,
    reliability: 'C',
    credibility: 2,
    make: (r) => {
      const rounds = pick(r, 300, 1500);
      return {
        text: `Pirogue transportant ${rounds} cartouches et des pièces détachées d’armes interceptée sur la Falémé.`,
        materiel: [{ category: 'ammunition', model: 'Calibres divers', quantity: rounds }],
      };
    },
  },
  {
    key: 'saraya-gold',
    event_type: 'trafficking_interdiction',
    event_subtype: 'gold',
    title: 'Contrebande d’or sur un site d’orpaillage près de Saraya',
    lat: 12.84,
    lon: -11.76,
    country: 'SEN',
    tlp: 'green',
    relTo: BFA_SEN,
    reliability: 'C',
    credibility: 3,
    make: (r) => ({
      text: `Contrôle d’un site d’orpaillage clandestin : ${pick(r, 1, 4)} kg d’or et des produits chimiques non autorisés saisis.`,
    }),
  },
  {
    key: 'koury-arms',
    event_type: 'arms_seizure',
    event_subtype: 'checkpoint_seizure',
    title: 'Saisie au poste de Koury',
    lat: 12.17,
    lon: -4.8,
    country: 'MLI',
    tlp: 'green',
    relTo: AES,
    reliability: 'B',
    credibility: 3,
    make: (r) => {
      const arms = pick(r, 2, 6);
      return {
        text: `Signalement d’un partenaire : ${arms} armes légères saisies au poste de Koury, près de la frontière burkinabè.`,
        materiel: [{ category: 'small_arm', quantity: arms }],
      };
    },
  },
  {
    key: 'makalondi-ied',
    event_type: 'ied_found',
    event_subtype: 'disarmed',
    title: 'EEI désamorcé près de Makalondi',
    lat: 12.83,
    lon: 1.68,
    country: 'NER',
    tlp: 'green',
    relTo: AES,
    reliability: 'B',
    credibility: 2,
    make: () => ({
      text: 'Signalement d’un partenaire : engin explosif improvisé désamorcé sur la route nationale près de la frontière burkinabè.',
      materiel: [{ category: 'ied_component', quantity: 1 }],
    }),
  },
  {
    key: 'tera-fuel',
    event_type: 'trafficking_interdiction',
    event_subtype: 'fuel',
    title: 'Interception de carburant près de Téra',
    lat: 14.01,
    lon: 0.75,
    country: 'NER',
    tlp: 'amber',
    relTo: AES,
    reliability: 'C',
    credibility: 3,
    make: (r) => ({
      text: `Signalement d’un partenaire : ${pick(r, 10, 40)} fûts de carburant destinés à des groupes armés saisis près de Téra.`,
    }),
  },
];
