/**
 * `agreement show` in plain French or English (issue 3): what a liaison officer reads before
 * signing — who, when, what goes, how it must be handled, what is removed, in which order.
 */
import { defineMessages, t, type Locale, type Message } from '../i18n/i18n.ts';
import { countryByAlpha3 } from '../objects/countries.ts';
import { eventLabel } from '../objects/taxonomy.ts';
import type { AgreementDocument, ScopeType } from './agreement.ts';
import type { AgreementView } from './agreements.ts';
import './sharing-messages.ts';

/** Names of the STIX types; Sentinelle's custom types not listed here read as their type name. */
const TYPE_NAMES: Readonly<Record<Exclude<ScopeType, `x-${string}`>, Message> & Partial<Record<ScopeType, Message>>> = {
  incident: { fr: 'incidents', en: 'incidents' },
  location: { fr: 'lieux', en: 'locations' },
  identity: { fr: 'identités', en: 'identities' },
  'threat-actor': { fr: 'acteurs de la menace', en: 'threat actors' },
  'intrusion-set': { fr: 'réseaux (intrusion sets)', en: 'intrusion sets' },
  campaign: { fr: 'campagnes', en: 'campaigns' },
  report: { fr: 'rapports', en: 'reports' },
  note: { fr: 'notes', en: 'notes' },
  sighting: { fr: 'observations', en: 'sightings' },
  relationship: { fr: 'relations', en: 'relationships' },
  grouping: { fr: 'regroupements', en: 'groupings' },
  indicator: { fr: 'indicateurs', en: 'indicators' },
  'x-sentinelle-alert': { fr: 'alertes', en: 'alerts' },
};

export const describeMessages = defineMessages({
  'agreement.show.title': { fr: '« {title} » — accord {id}, version {version}', en: '"{title}" — agreement {id}, version {version}' },
  'agreement.show.state': { fr: 'État : {state}.', en: 'State: {state}.' },
  'agreement.show.parties': { fr: 'Parties : {parties}.', en: 'Parties: {parties}.' },
  'agreement.show.this_node': { fr: 'ce nœud', en: 'this node' },
  'agreement.show.unknown_party': { fr: 'nœud non enregistré', en: 'unregistered node' },
  'agreement.show.period': { fr: 'En vigueur du {start} au {expiry} (exclu), une fois signé par toutes les parties.', en: 'In force from {start} until {expiry} (excluded), once signed by every party.' },
  'agreement.show.scope': { fr: 'Ce qui peut être communiqué :', en: 'What may be released:' },
  'agreement.show.types': { fr: 'types : {types} (plus les marquages et l’identité de l’organisation dont ils ont besoin) ;', en: 'types: {types} (plus the markings and the organisation identity they need);' },
  'agreement.show.event_types': { fr: 'incidents de type : {values} ;', en: 'incidents of type: {values};' },
  'agreement.show.tlp': { fr: 'marquage TLP au plus {tlp} ; {unmarked} ;', en: 'TLP marking at most {tlp}; {unmarked};' },
  'agreement.show.unmarked_yes': { fr: 'les enregistrements sans TLP sont admis', en: 'records without TLP are admitted' },
  'agreement.show.unmarked_no': { fr: 'les enregistrements sans TLP sont exclus', en: 'records without TLP are excluded' },
  'agreement.show.rel_to_required': {
    fr: 'un marquage REL TO nommant le pays du partenaire est exigé ;',
    en: 'a REL TO marking naming the partner’s country is required;',
  },
  'agreement.show.rel_to_optional': {
    fr: 'un marquage REL TO est respecté s’il existe, sans être exigé ;',
    en: 'a REL TO marking is honoured when present, without being required;',
  },
  'agreement.show.labels_any': { fr: 'portant au moins une étiquette parmi : {values} ;', en: 'carrying at least one label among: {values};' },
  'agreement.show.labels_none': { fr: 'ne portant aucune des étiquettes : {values} ;', en: 'carrying none of the labels: {values};' },
  'agreement.show.area': { fr: 'situés dans : {values} (bords du polygone inclus) ;', en: 'located in: {values} (polygon border included);' },
  'agreement.show.polygon': { fr: 'un polygone de {n} sommets', en: 'a polygon of {n} vertices' },
  'agreement.show.last_days': { fr: 'faits des {n} derniers jours ;', en: 'events of the last {n} days;' },
  'agreement.show.window': { fr: 'faits du {from} au {to} (exclu) ;', en: 'events from {from} until {to} (excluded);' },
  'agreement.show.grading': { fr: 'cotation au moins {grading}.', en: 'grading at least {grading}.' },
  'agreement.show.handling': { fr: 'Traitement par le destinataire :', en: 'Handling by the receiver:' },
  'agreement.show.code.H0': { fr: 'H0 — usage limité à la finalité de la transmission', en: 'H0 — use limited to the purpose of the transmission' },
  'agreement.show.code.H1': { fr: 'H1 — pas d’usage en justice sans autorisation', en: 'H1 — not for use in court without permission' },
  'agreement.show.code.H2': { fr: 'H2 — pas de rediffusion sans autorisation de l’auteur', en: 'H2 — no onward dissemination without the originator’s permission' },
  'agreement.show.code.H3': { fr: 'H3 — autres restrictions : {conditions}', en: 'H3 — other restrictions: {conditions}' },
  'agreement.show.onward_none': {
    fr: 'rediffusion à un tiers : interdite sans le consentement de l’auteur, enregistrement par enregistrement ;',
    en: 'onward sharing to a third party: forbidden without the originator’s consent, record by record;',
  },
  'agreement.show.onward_listed': { fr: 'rediffusion consentie d’avance vers : {values} ;', en: 'onward sharing consented in advance to: {values};' },
  'agreement.show.retention': { fr: 'purge {n} jours après réception.', en: 'purge {n} days after receipt.' },
  'agreement.show.redaction': { fr: 'Réduction avant envoi :', en: 'Redaction before release:' },
  'agreement.show.redaction_none': { fr: 'Réduction avant envoi : aucune.', en: 'Redaction before release: none.' },
  'agreement.show.drop': { fr: 'propriétés supprimées : {values} ;', en: 'properties dropped: {values};' },
  'agreement.show.grid': { fr: 'coordonnées arrondies à {step}° ;', en: 'coordinates rounded to {step}°;' },
  'agreement.show.admin': { fr: 'coordonnées ramenées au centre de la zone {level} ;', en: 'coordinates moved to the centre of the {level} area;' },
  'agreement.show.strip': { fr: 'textes libres retirés (description, notes ; titre d’incident neutre) ;', en: 'free text stripped (description, notes; neutral incident title);' },
  'agreement.show.creator': { fr: 'unité auteure remplacée par l’organisation.', en: 'creating unit replaced by the organisation.' },
  'agreement.show.priority': { fr: 'Priorités : {default} par défaut', en: 'Priorities: {default} by default' },
  'agreement.show.priority_rule': { fr: '{cls} si {what}', en: '{cls} when {what}' },
  'agreement.show.priority_bulk': { fr: 'BULK pour les faits de plus de {n} jours', en: 'BULK for events older than {n} days' },
  'agreement.show.signatures': { fr: 'Signé par : {signed}. Manque : {missing}.', en: 'Signed by: {signed}. Missing: {missing}.' },
  'agreement.show.nobody': { fr: 'personne', en: 'nobody' },
});

/** A human reading of a node id: "Sénégal — Service (SEN)" for a known peer. */
export type PartyName = (nodeId: string) => string;

function country(locale: Locale, code: string): string {
  const c = countryByAlpha3(code);
  return c ? `${c[locale]} (${code})` : code;
}

/** The lines of `agreement show`. */
export function describeAgreement(view: AgreementView, locale: Locale, name: PartyName): string[] {
  const d: AgreementDocument = view.document;
  const s = d.scope;
  const L = (code: string, params: Record<string, string | number> = {}) => t(locale, code, params);
  const list = (xs: readonly string[]) => xs.join(', ');
  const out = [
    L('agreement.show.title', { title: d.title, id: d.id, version: d.version }),
    L('agreement.show.state', { state: L(`sharing.state.${view.state}`) }),
    L('agreement.show.parties', { parties: d.parties.map(name).join(' ; ') }),
    L('agreement.show.period', { start: d.start, expiry: d.expiry }),
    L('agreement.show.scope'),
    `  - ${L('agreement.show.types', { types: list(s.types.map((x) => TYPE_NAMES[x]?.[locale] ?? x)) })}`,
  ];
  if (s.event_types) out.push(`  - ${L('agreement.show.event_types', { values: list(s.event_types.map((e) => eventLabel(locale, e))) })}`);
  out.push(`  - ${L('agreement.show.tlp', { tlp: `TLP:${s.max_tlp.toUpperCase()}`, unmarked: L(s.allow_unmarked ? 'agreement.show.unmarked_yes' : 'agreement.show.unmarked_no') })}`);
  out.push(`  - ${L(s.rel_to_required ? 'agreement.show.rel_to_required' : 'agreement.show.rel_to_optional')}`);
  if (s.labels?.any_of) out.push(`  - ${L('agreement.show.labels_any', { values: list(s.labels.any_of) })}`);
  if (s.labels?.none_of) out.push(`  - ${L('agreement.show.labels_none', { values: list(s.labels.none_of) })}`);
  if (s.area) {
    const parts = [
      ...(s.area.countries ?? []).map((c) => country(locale, c)),
      ...(s.area.admin_areas ?? []),
      ...(s.area.polygon ? [L('agreement.show.polygon', { n: (s.area.polygon.coordinates[0]?.length ?? 1) - 1 })] : []),
    ];
    out.push(`  - ${L('agreement.show.area', { values: list(parts) })}`);
  }
  if (s.time_window) {
    out.push(`  - ${'last_days' in s.time_window ? L('agreement.show.last_days', { n: s.time_window.last_days }) : L('agreement.show.window', { from: s.time_window.from ?? '…', to: s.time_window.to ?? '…' })}`);
  }
  if (s.min_grading) out.push(`  - ${L('agreement.show.grading', { grading: `${s.min_grading.source_reliability ?? '*'}${s.min_grading.information_credibility ?? '*'}` })}`);

  const h = d.handling;
  out.push(L('agreement.show.handling'));
  for (const code of h.codes) out.push(`  - ${L(`agreement.show.code.${code}`, { conditions: h.h3_conditions ?? '' })}`);
  out.push(`  - ${h.onward_sharing.consent === 'listed' ? L('agreement.show.onward_listed', { values: h.onward_sharing.to.map(name).join(' ; ') }) : L('agreement.show.onward_none')}`);
  out.push(`  - ${L('agreement.show.retention', { n: h.retention_days })}`);

  const r = d.redaction;
  const red: string[] = [];
  if (r?.drop_properties?.length) red.push(L('agreement.show.drop', { values: list(r.drop_properties) }));
  if (r?.coordinates) red.push('precision_deg' in r.coordinates ? L('agreement.show.grid', { step: r.coordinates.precision_deg }) : L('agreement.show.admin', { level: r.coordinates.admin_level }));
  if (r?.strip_free_text) red.push(L('agreement.show.strip'));
  if (r?.replace_creator) red.push(L('agreement.show.creator'));
  if (red.length) out.push(L('agreement.show.redaction'), ...red.map((x) => `  - ${x}`));
  else out.push(L('agreement.show.redaction_none'));

  const p = d.priority;
  const rules = (p?.rules ?? []).map((rule) =>
    L('agreement.show.priority_rule', { cls: rule.class, what: list([...(rule.labels ?? []).map((l) => `« ${l} »`), ...(rule.event_types ?? []).map((e) => eventLabel(locale, e))]) }),
  );
  if (p?.bulk_after_days) rules.push(L('agreement.show.priority_bulk', { n: p.bulk_after_days }));
  out.push([L('agreement.show.priority', { default: p?.default ?? 'ROUTINE' }), ...rules].join(' ; ') + '.');
  out.push(
    L('agreement.show.signatures', {
      signed: view.status.signedBy.map(name).join(' ; ') || L('agreement.show.nobody'),
      missing: view.status.missing.map(name).join(' ; ') || L('agreement.show.nobody'),
    }),
  );
  return out;
}
