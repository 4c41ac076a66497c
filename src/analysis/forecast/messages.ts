import { defineMessages } from '../../i18n/i18n.ts';

/** Messages of the early-warning forecast (forecast.*). */
export const forecastMessages = defineMessages({
  'forecast.bad_events': {
    fr: 'Fichier d’événements invalide : {rows} ligne(s) rejetée(s), la première ligne {line} (champ « {field} »)',
    en: 'Invalid event file: {rows} row(s) rejected, the first on line {line} (field "{field}")',
  },
  'forecast.unknown_country': {
    fr: 'Pays inconnu ou sans limites administratives : {country} (connus : {known})',
    en: 'Unknown country or no boundaries for it: {country} (known: {known})',
  },
  'forecast.bad_month': {
    fr: '« {field} » doit être un mois AAAA-MM ({value})',
    en: '"{field}" must be a YYYY-MM month ({value})',
  },
  'forecast.bad_range': {
    fr: 'Période vide : le début est après la fin ({value})',
    en: 'Empty period: the start is after the end ({value})',
  },
  'forecast.bad_horizon': {
    fr: 'L’horizon doit valoir 1 ou 3 mois ({value})',
    en: 'The horizon must be 1 or 3 months ({value})',
  },
  'forecast.bad_unit': {
    fr: 'L’unité doit être « cell » (maille de 0,5°) ou « admin1 » ({value})',
    en: 'The unit must be "cell" (0.5° cell) or "admin1" ({value})',
  },
  'forecast.no_events': {
    fr: 'Aucun événement dans le fichier {value}',
    en: 'No event in the file {value}',
  },
  'forecast.no_country': {
    fr: 'Aucun événement du fichier {value} ne concerne un pays dont les limites sont fournies',
    en: 'No event of the file {value} is in a country whose boundaries are given',
  },
  'forecast.beyond_data': {
    fr: 'La période dépasse le dernier mois des données ({value}) : les mois sans ligne seraient comptés sans événement',
    en: 'The period goes past the last month of the data ({value}): months without rows would count as months without events',
  },
  'forecast.no_history': {
    fr: 'Pas assez d’historique avant le premier mois évalué ({value}) : il faut au moins les mois indiqués après le début des données',
    en: 'Not enough history before the first month evaluated ({value}): at least the months shown after the start of the data are needed',
  },
  'forecast.cli.header': {
    fr: 'Évaluation glissante — {countries}, {unit} ({units} unités, {active} actives au moins une fois), {from} à {to}, horizon {horizon} mois ; modèle entraîné sur {trained}',
    en: 'Rolling-origin evaluation — {countries}, {unit} ({units} units, {active} ever active), {from} to {to}, horizon {horizon} month(s); model trained on {trained}',
  },
  'forecast.cli.unit.cell': { fr: 'mailles de 0,5°', en: '0.5° cells' },
  'forecast.cli.unit.admin1': { fr: 'zones admin-1', en: 'admin-1 areas' },
  'forecast.cli.col.forecaster': { fr: 'prévision', en: 'forecaster' },
  'forecast.cli.col.scope': { fr: 'unités', en: 'units' },
  'forecast.cli.col.positives': { fr: 'avec évt', en: 'w/ event' },
  'forecast.cli.forecaster.model': { fr: 'modèle (GBDT)', en: 'model (GBDT)' },
  'forecast.cli.forecaster.no-change': { fr: 'sans changement', en: 'no-change' },
  'forecast.cli.forecaster.historical-mean': { fr: 'moyenne historique', en: 'historical mean' },
  'forecast.cli.scope.all': { fr: 'toutes', en: 'all' },
  'forecast.cli.scope.active': { fr: 'déjà actives', en: 'ever active' },
  'forecast.cli.outside': {
    fr: "{country} : {outside} événement(s) sur {counted} hors de toute zone (comptés dans l'unité « hors zones » du pays)",
    en: '{country}: {outside} of {counted} event(s) in no area (counted in the country\'s "outside" unit)',
  },
  'forecast.cli.timing': {
    fr: 'Entraînement {train} s, prévision {predict} s, pour {months} mois évalués',
    en: 'Training {train} s, scoring {predict} s, for {months} months evaluated',
  },
  'forecast.cli.json_written': {
    fr: 'Résultat complet écrit dans {file}',
    en: 'Full result written to {file}',
  },
  'forecast.not_enough_history': {
    fr: 'Pas assez d’historique pour prévoir : {months} mois d’incidents datés et localisés, il en faut au moins {needed}',
    en: 'Not enough history to forecast: {months} month(s) of dated and located incidents, at least {needed} needed',
  },
  'forecast.alert.risk.title': {
    fr: 'Risque élevé de violence — {unit} ({country}), {month} : {probability} %',
    en: 'High risk of violence — {unit} ({country}), {month}: {probability}%',
  },
  'forecast.alert.risk.explanation': {
    fr: 'Probabilité prévue d’au moins un événement en {month} : {probability} % ; morts attendus : {fatalities}. Signaux principaux : {drivers}.',
    en: 'Forecast probability of at least one event in {month}: {probability}%; expected deaths: {fatalities}. Main signals: {drivers}.',
  },
  'forecast.alert.surge.title': {
    fr: 'Hausse brutale des incidents — {unit} ({country}), {month}',
    en: 'Surge of incidents — {unit} ({country}), {month}',
  },
  'forecast.alert.surge.explanation': {
    fr: '{count} événements en {month}, contre {mean} par mois en moyenne sur les 12 mois précédents.',
    en: '{count} events in {month}, against {mean} a month on average over the previous 12 months.',
  },
  'forecast.api.bad_query': {
    fr: 'Paramètre de requête invalide : {field} ({value})',
    en: 'Invalid query parameter: {field} ({value})',
  },
  'forecast.cli.run': {
    fr: 'Prévision ({unit}) pour {target}, à partir de {incidents} incidents jusqu’à {through} ; {alerts} alerte(s) levée(s). Unités les plus à risque (pays, id, nom, probabilité, morts attendus, signaux) :',
    en: 'Forecast ({unit}) for {target}, from {incidents} incidents up to {through}; {alerts} alert(s) raised. Riskiest units (country, id, name, probability, expected deaths, signals):',
  },
  'forecast.cli.group': {
    fr: '{country} seul ({units} unités, {active} actives au moins une fois) :',
    en: '{country} alone ({units} units, {active} ever active):',
  },
});
