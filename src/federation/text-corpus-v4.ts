/**
 * Training text added by dictionary v4 ([FED-98] of docs/sync-spec.md) after v2's corpus: more
 * generic Sahel field-report prose, written for this purpose — post and patrol reports, market
 * and road attacks, abductions, arrests, unit and service names. Frozen with v4 (its digest is
 * pinned). Deliberately no sentence of the benchmark's generator (bench/federation-compact-text.ts)
 * nor its source names: measured with and without the near-copies first written here, the bench
 * gained 6.2 bytes a report with them and 3.3 without, so they were taken out.
 */
import { TEXT_CORPUS_V2 } from './text-corpus-v2.ts';

const ADDED_V4 = [
  'Compte rendu du chef de poste : vers 4 h du matin, un groupe d’une trentaine d’individus ',
  'armés a attaqué le poste par le nord-est. Les éléments en faction ont riposté ; l’accrochage ',
  'a duré environ une heure. Deux gendarmes ont été tués et trois autres blessés, dont un ',
  'grièvement. Les assaillants ont emporté des armes et un véhicule de liaison avant de se ',
  'replier vers la frontière. Des renforts venus du chef-lieu de la province ont ratissé les ',
  'environs dans la matinée. ',
  'D’après des habitants joints par téléphone, des hommes armés à bord de motos ont encerclé le ',
  'marché hebdomadaire, rassemblé les commerçants et incendié plusieurs boutiques. Aucun ',
  'chiffre officiel n’est disponible à cette heure ; on parle de plusieurs morts parmi les ',
  'civils. Les habitants des villages voisins se sont réfugiés au chef-lieu de la commune. ',
  'Un car de transport a heurté un engin explosif improvisé sur l’axe reliant les deux ',
  'communes. On compte cinq morts et douze blessés, transportés au centre de santé le plus ',
  'proche. Le génie militaire a sécurisé la zone et procédé à la fouille de l’axe. ',
  'Une unité de l’armée en mission de reconnaissance est tombée dans une embuscade tendue par ',
  'des éléments d’un groupe armé terroriste. Après de violents échanges de tirs, l’ennemi a ',
  'décroché en abandonnant du matériel : deux fusils d’assaut, des chargeurs garnis, une moto ',
  'et des téléphones portables. Côté ami, un blessé léger. ',
  'Des éleveurs rapportent l’enlèvement de leur bétail et de deux bergers par des individus non ',
  'identifiés, au sud du hameau. Les ravisseurs exigeraient une rançon. La gendarmerie a ouvert ',
  'une enquête ; des battues sont organisées avec l’appui des groupes d’autodéfense. ',
  'Le commissariat central signale l’arrestation de trois suspects en possession de ',
  'détonateurs, de cordeau et de nitrate d’ammonium, lors d’un contrôle routier à l’entrée de ',
  'la ville. Les suspects ont été placés en garde à vue pour les besoins de l’enquête. ',
  'La radio locale fait état de tirs entendus toute la nuit aux abords de la localité et du ',
  'départ de nombreuses familles vers le site de déplacés. Information à vérifier auprès du ',
  'préfet et du chef de canton. ',
  'Gendarmerie nationale ; police nationale ; garde nationale ; forces armées ; groupement de ',
  'sécurité ; escadron ; compagnie ; bataillon ; détachement ; poste avancé ; base ',
  'opérationnelle ; camp militaire ; poste de contrôle ; brigade territoriale ; agent de santé ',
  '; agent des eaux et forêts ; douanes ; chef coutumier ; conseiller municipal. ',
  'Armed men on motorcycles attacked a village at dawn, killing several civilians and burning ',
  'granaries; survivors fled to the district capital. A military unit was ambushed on the road ',
  'south of the town and lost two soldiers; the attackers withdrew toward the border. The ',
  'central police station reports three suspects arrested with detonators and ammunition at a ',
  'checkpoint. ',
].join('');

export const TEXT_CORPUS_V4 = TEXT_CORPUS_V2 + ADDED_V4;
