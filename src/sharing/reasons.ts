/**
 * The closed list of reasons the policy engine gives for a decision (docs/sharing.md §6), each
 * explained in French and English. Withholding reasons say why a record does not go; the others
 * say what was done to the copy that goes. Codes are stable: the federation puts them in its
 * negative acknowledgements, and partners match on them.
 */
import { defineMessages, t, type Locale, type Params } from '../i18n/i18n.ts';

export const WITHHOLD_REASONS = [
  'no_agreement',
  'agreement_unsigned',
  'agreement_party_unregistered',
  'agreement_not_started',
  'agreement_expired',
  'agreement_revoked',
  'agreement_superseded',
  'partner_not_party',
  'origin_is_partner',
  'onward_without_consent',
  'record_revoked',
  'type_out_of_scope',
  'tlp_missing',
  'tlp_above_max',
  'rel_to_excludes_partner',
  'rel_to_missing',
  'granular_marking_exceeds',
  'label_missing',
  'label_excluded',
  'event_type_out_of_scope',
  'location_unknown',
  'area_outside',
  'before_time_window',
  'after_time_window',
  'grading_below_minimum',
  'endpoint_not_shareable',
  'refs_not_shareable',
] as const;

export const RELEASE_REASONS = [
  'in_scope',
  'reference_data',
  'onward_consented',
  'redacted_properties_dropped',
  'redacted_coordinates_coarsened',
  'redacted_coordinates_removed',
  'redacted_free_text_stripped',
  'redacted_creator_replaced',
  'redacted_refs_removed',
] as const;

export type WithholdReason = (typeof WITHHOLD_REASONS)[number];
export type ReleaseReason = (typeof RELEASE_REASONS)[number];
export type ReasonCode = WithholdReason | ReleaseReason;

export const REASON_CODES: readonly ReasonCode[] = [...WITHHOLD_REASONS, ...RELEASE_REASONS];

export interface Reason {
  code: ReasonCode;
  params?: Params;
}

const WITHHOLD = new Set<string>(WITHHOLD_REASONS);

export function isWithholdReason(code: ReasonCode): code is WithholdReason {
  return WITHHOLD.has(code);
}

export const reasonMessages = defineMessages({
  'policy.reason.no_agreement': {
    fr: "Aucun accord de partage avec ce partenaire.",
    en: 'No sharing agreement with this partner.',
  },
  'policy.reason.agreement_unsigned': {
    fr: "L'accord n'est pas signé par toutes les parties (manque : {missing}).",
    en: 'The agreement is not signed by every party (missing: {missing}).',
  },
  'policy.reason.agreement_party_unregistered': {
    fr: "Une partie à l'accord n'est plus un partenaire enregistré : {parties}.",
    en: 'A party to the agreement is no longer a registered peer: {parties}.',
  },
  'policy.reason.agreement_not_started': {
    fr: "L'accord ne prend effet que le {start}.",
    en: 'The agreement takes effect only on {start}.',
  },
  'policy.reason.agreement_expired': { fr: "L'accord a expiré le {expiry}.", en: 'The agreement expired on {expiry}.' },
  'policy.reason.agreement_revoked': { fr: "L'accord a été révoqué (par {by}).", en: 'The agreement was revoked (by {by}).' },
  'policy.reason.agreement_superseded': {
    fr: "Cette version de l'accord est remplacée par une version plus récente, signée.",
    en: 'This version of the agreement is superseded by a later, signed version.',
  },
  'policy.reason.partner_not_party': {
    fr: "Le partenaire n'est pas partie à cet accord.",
    en: 'The partner is not a party to this agreement.',
  },
  'policy.reason.origin_is_partner': {
    fr: "L'enregistrement vient de ce partenaire : il ne lui est jamais renvoyé.",
    en: 'The record comes from this partner: it is never sent back to it.',
  },
  'policy.reason.onward_without_consent': {
    fr: "Enregistrement reçu de {origin} : sa rediffusion à ce partenaire exige le consentement de l'auteur, absent.",
    en: 'Record received from {origin}: passing it on to this partner needs the originator’s consent, which is absent.',
  },
  'policy.reason.record_revoked': { fr: "L'enregistrement est révoqué.", en: 'The record is revoked.' },
  'policy.reason.type_out_of_scope': {
    fr: "Le type {type} n'est pas dans la portée de l'accord.",
    en: 'Type {type} is not in the agreement’s scope.',
  },
  'policy.reason.tlp_missing': {
    fr: "L'enregistrement n'a pas de marquage TLP et l'accord n'admet pas les enregistrements non marqués.",
    en: 'The record has no TLP marking and the agreement does not admit unmarked records.',
  },
  'policy.reason.tlp_above_max': {
    fr: "TLP:{tlp} dépasse le maximum de l'accord, {max}.",
    en: 'TLP:{tlp} exceeds the agreement’s maximum {max}.',
  },
  'policy.reason.rel_to_excludes_partner': {
    fr: "Le marquage « REL TO {rel_to} » n'inclut pas le pays du partenaire ({country}).",
    en: 'The marking "REL TO {rel_to}" does not include the partner’s country ({country}).',
  },
  'policy.reason.rel_to_missing': {
    fr: "L'accord exige un marquage de diffusion (REL TO) et l'enregistrement n'en a pas.",
    en: 'The agreement requires a releasability marking (REL TO) and the record has none.',
  },
  'policy.reason.granular_marking_exceeds': {
    fr: "Un marquage granulaire ({marking}) est plus restrictif que ce que l'accord permet.",
    en: 'A granular marking ({marking}) is more restrictive than the agreement allows.',
  },
  'policy.reason.label_missing': {
    fr: "Aucune des étiquettes exigées ({labels}) n'est présente.",
    en: 'None of the required labels ({labels}) is present.',
  },
  'policy.reason.label_excluded': {
    fr: "L'étiquette « {label} » est exclue par l'accord.",
    en: 'Label "{label}" is excluded by the agreement.',
  },
  'policy.reason.event_type_out_of_scope': {
    fr: "Le type d'événement {event_type} n'est pas dans la portée de l'accord.",
    en: 'Event type {event_type} is not in the agreement’s scope.',
  },
  'policy.reason.location_unknown': {
    fr: "L'accord limite la zone et la position de l'enregistrement est inconnue.",
    en: 'The agreement restricts the area and the record’s location is unknown.',
  },
  'policy.reason.area_outside': {
    fr: "Position hors de la zone convenue ({place}).",
    en: 'Location outside the agreed area ({place}).',
  },
  'policy.reason.before_time_window': {
    fr: "L'événement ({event_time}) est antérieur à la fenêtre temporelle de l'accord (depuis {from}).",
    en: 'The event ({event_time}) is before the agreement’s time window (from {from}).',
  },
  'policy.reason.after_time_window': {
    fr: "L'événement ({event_time}) est postérieur à la fenêtre temporelle de l'accord (jusqu'à {to}, exclu).",
    en: 'The event ({event_time}) is after the agreement’s time window (until {to}, excluded).',
  },
  'policy.reason.grading_below_minimum': {
    fr: "Cotation {grading} inférieure au minimum de l'accord ({minimum}).",
    en: 'Grading {grading} below the agreement’s minimum ({minimum}).',
  },
  'policy.reason.endpoint_not_shareable': {
    fr: "L'objet relié {ref} n'est pas communicable à ce partenaire.",
    en: 'The related object {ref} is not releasable to this partner.',
  },
  'policy.reason.refs_not_shareable': {
    fr: "Aucun des objets référencés n'est communicable à ce partenaire.",
    en: 'None of the referenced objects is releasable to this partner.',
  },
  'policy.reason.in_scope': {
    fr: "Dans la portée de l'accord {agreement} (version {version}).",
    en: 'Within the scope of agreement {agreement} (version {version}).',
  },
  'policy.reason.reference_data': {
    fr: "Donnée de référence (marquage, extension ou identité de l'organisation) communiquée à toute partie.",
    en: 'Reference data (marking, extension or the organisation’s identity) released to any party.',
  },
  'policy.reason.onward_consented': {
    fr: "Rediffusion consentie par l'auteur ({origin}).",
    en: 'Onward sharing consented by the originator ({origin}).',
  },
  'policy.reason.redacted_properties_dropped': {
    fr: 'Propriétés supprimées : {properties}.',
    en: 'Properties dropped: {properties}.',
  },
  'policy.reason.redacted_coordinates_coarsened': {
    fr: 'Coordonnées dégradées ({how}).',
    en: 'Coordinates coarsened ({how}).',
  },
  'policy.reason.redacted_coordinates_removed': {
    fr: "Coordonnées retirées (centre de la zone administrative inconnu).",
    en: 'Coordinates removed (centre of the administrative area unknown).',
  },
  'policy.reason.redacted_free_text_stripped': {
    fr: 'Textes libres retirés : {properties}.',
    en: 'Free-text fields stripped: {properties}.',
  },
  'policy.reason.redacted_creator_replaced': {
    fr: "L'unité auteure est remplacée par l'organisation.",
    en: 'The creating unit is replaced by the organisation.',
  },
  'policy.reason.redacted_refs_removed': {
    fr: 'Références non communicables retirées : {refs}.',
    en: 'References not releasable removed: {refs}.',
  },
});

/** The sentence explaining one reason, in `locale`. */
export function explainReason(locale: Locale, reason: Reason): string {
  return t(locale, `policy.reason.${reason.code}`, reason.params ?? {});
}
