/** Texts of the forecast layer and analytics charts, French and English (merged into ../i18n.ts). */
export const FORECAST_MESSAGES = {
  'forecast.title': {
    fr: 'Prévision : points chauds du mois prochain',
    en: 'Forecast: next month’s hotspots',
  },
  'forecast.intro': {
    fr: 'Probabilité d’au moins un événement de violence politique et morts attendus, par zone, calculées sur le nœud à partir des incidents enregistrés (modèle à arbres de décision, évalué contre deux références : voir docs/forecast-evaluation.md).',
    en: 'Probability of at least one political violence event and expected deaths, per area, computed on the node from the stored incidents (gradient-boosted trees, evaluated against two baselines: see docs/forecast-evaluation.md).',
  },
  'forecast.unit': { fr: 'Unité', en: 'Unit' },
  'forecast.unit.admin1': { fr: 'Provinces et régions (admin-1)', en: 'Provinces and regions (admin-1)' },
  'forecast.unit.cell': { fr: 'Mailles de 0,5° (PRIO-GRID)', en: '0.5° cells (PRIO-GRID)' },
  'forecast.horizon': { fr: 'Horizon', en: 'Horizon' },
  'forecast.horizon.1': { fr: '1 mois', en: '1 month' },
  'forecast.horizon.3': { fr: '3 mois', en: '3 months' },
  'forecast.caption': {
    fr: 'Les {count} zones les plus à risque pour {month} (données jusqu’à {through}, {incidents} incidents)',
    en: 'The {count} riskiest areas for {month} (data up to {through}, {incidents} incidents)',
  },
  'forecast.col.rank': { fr: 'Rang', en: 'Rank' },
  'forecast.col.area': { fr: 'Zone', en: 'Area' },
  'forecast.col.probability': { fr: 'Probabilité d’événement', en: 'Probability of an event' },
  'forecast.col.fatalities': { fr: 'Morts attendus', en: 'Expected deaths' },
  'forecast.col.signals': { fr: 'Signaux principaux', en: 'Main signals' },
  'forecast.cell_name': { fr: 'Maille {id}', en: 'Cell {id}' },
  'forecast.loading': { fr: 'Calcul de la prévision…', en: 'Computing the forecast…' },
  'forecast.unavailable': {
    fr: 'Prévision indisponible : {reason}',
    en: 'Forecast unavailable: {reason}',
  },
  'forecast.forbidden': {
    fr: 'La prévision utilise tous les incidents du nœud : elle est réservée aux rôles qui peuvent tous les lire.',
    en: 'The forecast uses every incident of the node: it is for roles that may read them all.',
  },
  'forecast.stale': {
    fr: 'Le dernier incident enregistré date de {month} : jusqu’à {through}, le modèle compte ces mois comme calmes. Importez des données récentes avant de vous fier à cette prévision.',
    en: 'The latest stored incident is from {month}: up to {through} the model counts those months as calm. Import recent data before relying on this forecast.',
  },
  'forecast.limits': {
    fr: 'À lire avec prudence : les incidents non signalés n’existent pas pour le modèle, et la plupart des zones n’ont aucun événement la plupart des mois.',
    en: 'Read with care: unreported incidents do not exist for the model, and most areas have no event most months.',
  },
  'forecast.feature.events_lag1': { fr: 'événements le dernier mois', en: 'events last month' },
  'forecast.feature.events_lag2': { fr: 'événements il y a 2 mois', en: 'events 2 months ago' },
  'forecast.feature.events_lag3': { fr: 'événements il y a 3 mois', en: 'events 3 months ago' },
  'forecast.feature.events_3m': { fr: 'événements sur 3 mois', en: 'events over 3 months' },
  'forecast.feature.events_6m': { fr: 'événements sur 6 mois', en: 'events over 6 months' },
  'forecast.feature.events_12m': { fr: 'événements sur 12 mois', en: 'events over 12 months' },
  'forecast.feature.deaths_lag1': { fr: 'morts le dernier mois', en: 'deaths last month' },
  'forecast.feature.deaths_3m': { fr: 'morts sur 3 mois', en: 'deaths over 3 months' },
  'forecast.feature.deaths_12m': { fr: 'morts sur 12 mois', en: 'deaths over 12 months' },
  'forecast.feature.history_share_active': {
    fr: 'part des mois avec événement',
    en: 'share of months with events',
  },
  'forecast.feature.history_mean_deaths': {
    fr: 'morts par mois (historique)',
    en: 'deaths per month (history)',
  },
  'forecast.feature.months_since_event': {
    fr: 'mois depuis le dernier événement',
    en: 'months since the last event',
  },
  'forecast.feature.decay_3m': { fr: 'événement récent', en: 'recent event' },
  'forecast.feature.decay_12m': { fr: 'événement dans l’année', en: 'event within the year' },
  'forecast.feature.neighbours_events_lag1': {
    fr: 'voisins : événements le dernier mois',
    en: 'neighbours: events last month',
  },
  'forecast.feature.neighbours_events_3m': {
    fr: 'voisins : événements sur 3 mois',
    en: 'neighbours: events over 3 months',
  },
  'forecast.feature.neighbours_events_12m': {
    fr: 'voisins : événements sur 12 mois',
    en: 'neighbours: events over 12 months',
  },
  'forecast.feature.neighbours_deaths_12m': {
    fr: 'voisins : morts sur 12 mois',
    en: 'neighbours: deaths over 12 months',
  },
  'forecast.feature.neighbours_share_active': {
    fr: 'voisins : part des mois actifs',
    en: 'neighbours: share of active months',
  },
  'forecast.feature.neighbours_decay_3m': {
    fr: 'voisins : événement récent',
    en: 'neighbours: recent event',
  },
  'forecast.feature.ring2_events_12m': {
    fr: 'second voisinage : événements sur 12 mois',
    en: 'second ring: events over 12 months',
  },
  'forecast.feature.state_based_12m': {
    fr: 'conflits étatiques sur 12 mois',
    en: 'state-based conflict over 12 months',
  },
  'forecast.feature.non_state_12m': {
    fr: 'conflits non étatiques sur 12 mois',
    en: 'non-state conflict over 12 months',
  },
  'forecast.feature.one_sided_12m': {
    fr: 'violences contre des civils sur 12 mois',
    en: 'violence against civilians over 12 months',
  },
  'forecast.feature.country_events_lag1': {
    fr: 'pays : événements le dernier mois',
    en: 'country: events last month',
  },
  'forecast.feature.country_events_3m': {
    fr: 'pays : événements sur 3 mois',
    en: 'country: events over 3 months',
  },
  'forecast.feature.country_trend': { fr: 'pays : tendance sur 3 mois', en: 'country: 3-month trend' },
  'forecast.feature.border_km': { fr: 'distance à la frontière', en: 'distance to the border' },
  'forecast.feature.history_months': { fr: 'durée de l’historique', en: 'length of history' },
  'forecast.feature.lat': { fr: 'latitude', en: 'latitude' },
  'forecast.feature.lon': { fr: 'longitude', en: 'longitude' },
} as const satisfies Record<string, { fr: string; en: string }>;
