/**
 * Messages of the agreement validator (validate-agreement.ts) and of the peer and agreement
 * services, in French and English. Codes are stable: clients and partners match on them.
 */
import { defineMessages } from '../i18n/i18n.ts';

export const agreementMessages = defineMessages({
  'agreement.invalid': { fr: "Document d'accord invalide.", en: 'Invalid agreement document.' },
  'agreement.not_object': { fr: 'Un objet JSON est attendu.', en: 'A JSON object is expected.' },
  'agreement.unknown_field': {
    fr: "Champ inconnu : {field}. Un accord n'admet que les champs documentés (docs/sharing.md).",
    en: 'Unknown field: {field}. An agreement admits only the documented fields (docs/sharing.md).',
  },
  'agreement.required': { fr: 'Ce champ est obligatoire.', en: 'This field is required.' },
  'agreement.expected_string': { fr: 'Une chaîne de caractères est attendue.', en: 'A string is expected.' },
  'agreement.expected_object': { fr: 'Un objet JSON est attendu.', en: 'A JSON object is expected.' },
  'agreement.expected_array': { fr: 'Une liste est attendue.', en: 'A list is expected.' },
  'agreement.expected_boolean': { fr: 'true ou false est attendu.', en: 'true or false is expected.' },
  'agreement.expected_integer': {
    fr: 'Un entier entre {min} et {max} est attendu.',
    en: 'An integer between {min} and {max} is expected.',
  },
  'agreement.expected_number': {
    fr: 'Un nombre entre {min} et {max} est attendu.',
    en: 'A number between {min} and {max} is expected.',
  },
  'agreement.bad_format': {
    fr: 'Format inconnu : « {value} » (attendu : {expected}).',
    en: 'Unknown format: "{value}" (expected: {expected}).',
  },
  'agreement.bad_uuid': { fr: "« {value} » n'est pas un UUID.", en: '"{value}" is not a UUID.' },
  'agreement.bad_stix_id': {
    fr: "« {value} » n'est pas un identifiant STIX (type--UUID v4 ou v5, en minuscules).",
    en: '"{value}" is not a STIX id (type--UUID v4 or v5, lower case).',
  },
  'agreement.bad_timestamp': {
    fr: "« {value} » n'est pas un horodatage RFC 3339 en UTC (ex. 2026-03-01T00:00:00Z).",
    en: '"{value}" is not an RFC 3339 UTC timestamp (e.g. 2026-03-01T00:00:00Z).',
  },
  'agreement.bad_length': {
    fr: 'Longueur attendue : de {min} à {max} caractères.',
    en: 'Expected length: {min} to {max} characters.',
  },
  'agreement.not_in_list': {
    fr: 'Valeur « {value} » non admise ; valeurs possibles : {values}.',
    en: 'Value "{value}" is not allowed; possible values: {values}.',
  },
  'agreement.empty_list': { fr: 'La liste ne peut pas être vide.', en: 'The list cannot be empty.' },
  'agreement.too_many': { fr: 'Au plus {max} éléments.', en: 'At most {max} items.' },
  'agreement.duplicate': {
    fr: 'Doublon : « {value} » figure déjà plus haut dans la liste.',
    en: 'Duplicate: "{value}" already appears earlier in the list.',
  },
  'agreement.too_few_parties': {
    fr: 'Un accord lie au moins deux parties (identifiants de nœud).',
    en: 'An agreement binds at least two parties (node ids).',
  },
  'agreement.expiry_before_start': {
    fr: "L'expiration ({expiry}) doit être postérieure au début ({start}).",
    en: 'The expiry ({expiry}) must be later than the start ({start}).',
  },
  'agreement.bad_country': {
    fr: "« {value} » n'est pas un code pays ISO 3166-1 alpha-3.",
    en: '"{value}" is not an ISO 3166-1 alpha-3 country code.',
  },
  'agreement.unknown_area': {
    fr: "Zone administrative inconnue : « {value} » (code HASC des limites fournies, ex. BF.SM).",
    en: 'Unknown administrative area: "{value}" (HASC code of the bundled boundaries, e.g. BF.SM).',
  },
  'agreement.area_overlap': {
    fr: 'La zone {value} est déjà couverte par le pays {country} cité dans area.countries : portée redondante.',
    en: 'Area {value} is already covered by country {country} listed in area.countries: overlapping scope.',
  },
  'agreement.area_empty': {
    fr: 'Une zone doit citer au moins un pays, une zone administrative ou un polygone.',
    en: 'An area must name at least one country, administrative area or polygon.',
  },
  'agreement.polygon_type': {
    fr: 'Un polygone GeoJSON est attendu : {"type": "Polygon", "coordinates": [[[lon, lat], …]]}.',
    en: 'A GeoJSON polygon is expected: {"type": "Polygon", "coordinates": [[[lon, lat], …]]}.',
  },
  'agreement.polygon_position': {
    fr: 'Position invalide : [longitude −180..180, latitude −90..90] attendu.',
    en: 'Invalid position: [longitude −180..180, latitude −90..90] expected.',
  },
  'agreement.polygon_too_few': {
    fr: 'Un anneau de polygone compte au moins 4 positions (la dernière répétant la première).',
    en: 'A polygon ring has at least 4 positions (the last repeating the first).',
  },
  'agreement.polygon_not_closed': {
    fr: "Le polygone n'est pas fermé : la dernière position doit être identique à la première.",
    en: 'The polygon does not close: the last position must equal the first.',
  },
  'agreement.polygon_self_intersects': {
    fr: 'Le polygone se recoupe lui-même (arête n° {edge}).',
    en: 'The polygon intersects itself (edge #{edge}).',
  },
  'agreement.polygon_degenerate': {
    fr: "Le polygone est dégénéré (surface nulle ou point répété à la position {at}).",
    en: 'The polygon is degenerate (zero area or a repeated point at position {at}).',
  },
  'agreement.polygon_too_large': {
    fr: 'Polygone trop détaillé : au plus {max} positions.',
    en: 'Polygon too detailed: at most {max} positions.',
  },
  'agreement.time_window_ambiguous': {
    fr: 'Fenêtre temporelle : soit last_days, soit from/to, pas les deux.',
    en: 'Time window: either last_days or from/to, not both.',
  },
  'agreement.time_window_empty': {
    fr: 'Fenêtre temporelle vide : from ({from}) doit précéder to ({to}).',
    en: 'Empty time window: from ({from}) must precede to ({to}).',
  },
  'agreement.max_tlp_red': {
    fr: "TLP:RED est réservé à des destinataires nommés : il ne peut pas être le maximum d'un accord de partage entre nœuds.",
    en: 'TLP:RED is for named recipients only: it cannot be the maximum of a node-to-node sharing agreement.',
  },
  'agreement.reference_type': {
    fr: "Le type {value} n'a pas à être cité : les définitions de marquage et d'extension accompagnent les enregistrements qui en ont besoin.",
    en: 'Type {value} need not be listed: marking and extension definitions travel with the records that need them.',
  },
  'agreement.label_contradiction': {
    fr: "Contradiction : l'étiquette « {value} » est à la fois exigée (any_of) et exclue (none_of).",
    en: 'Contradiction: label "{value}" is both required (any_of) and excluded (none_of).',
  },
  'agreement.needs_incident': {
    fr: "Contradiction : {field} ne s'applique qu'aux incidents, or « incident » n'est pas dans scope.types.",
    en: 'Contradiction: {field} applies to incidents only, but "incident" is not in scope.types.',
  },
  'agreement.h3_conditions_required': {
    fr: 'Le code H3 exige la description des restrictions (h3_conditions).',
    en: 'Code H3 requires the restrictions to be described (h3_conditions).',
  },
  'agreement.h3_conditions_without_h3': {
    fr: 'h3_conditions sans le code H3 : ajoutez H3 ou retirez les conditions.',
    en: 'h3_conditions without code H3: add H3 or remove the conditions.',
  },
  'agreement.onward_to_required': {
    fr: 'Consentement « listed » : la liste des nœuds destinataires (to) est obligatoire.',
    en: 'Consent "listed": the list of receiving nodes (to) is required.',
  },
  'agreement.onward_to_forbidden': {
    fr: 'Consentement « none » : aucune liste de destinataires (to) ne doit figurer.',
    en: 'Consent "none": no list of receiving nodes (to) may be given.',
  },
  'agreement.onward_to_party': {
    fr: "Le nœud {value} est partie à l'accord : il reçoit directement de l'auteur, pas par rediffusion.",
    en: 'Node {value} is a party to the agreement: it receives from the originator directly, not by onward sharing.',
  },
  'agreement.bad_property_path': {
    fr: "Chemin de propriété invalide : « {value} » (ex. external_references, sentinelle.source, sentinelle.materiel.serial_number).",
    en: 'Invalid property path: "{value}" (e.g. external_references, sentinelle.source, sentinelle.materiel.serial_number).',
  },
  'agreement.drop_core': {
    fr: "La propriété {value} ne peut pas être supprimée : elle identifie l'objet, le date ou porte ses marquages.",
    en: 'Property {value} cannot be dropped: it identifies or dates the object, or carries its markings.',
  },
  'agreement.drop_required_by_type': {
    fr: 'La propriété {value} ne peut pas être supprimée : elle est obligatoire pour le type {type} inclus dans la portée.',
    en: 'Property {value} cannot be dropped: it is required for type {type}, which is in scope.',
  },
  'agreement.drop_nested_required': {
    fr: 'La propriété {value} ne peut pas être supprimée : elle est obligatoire dans la structure qui la contient.',
    en: 'Property {value} cannot be dropped: it is required in the structure that holds it.',
  },
  'agreement.drop_coordinates': {
    fr: 'La propriété {value} ne peut pas être supprimée : la position se réduit avec redaction.coordinates.',
    en: 'Property {value} cannot be dropped: the position is reduced with redaction.coordinates.',
  },
  'agreement.creator_contradiction': {
    fr: 'Contradiction : created_by_ref est à la fois supprimé et remplacé (replace_creator).',
    en: 'Contradiction: created_by_ref is both dropped and replaced (replace_creator).',
  },
  'agreement.redaction_without_place': {
    fr: 'Cette réduction des coordonnées ne vise aucun type localisé (incident, location) de la portée.',
    en: 'This coordinate redaction targets no located type (incident, location) of the scope.',
  },
  'agreement.priority_overlap': {
    fr: 'Règles de priorité en recouvrement : « {value} » figure déjà dans la règle n° {rule}.',
    en: 'Overlapping priority rules: "{value}" already appears in rule #{rule}.',
  },
  'agreement.priority_unreachable': {
    fr: 'Règle de priorité inapplicable : « {value} » est hors de la portée de l’accord.',
    en: 'Unreachable priority rule: "{value}" is outside the agreement’s scope.',
  },
  'agreement.priority_rule_empty': {
    fr: 'Une règle de priorité cite des étiquettes (labels) ou des types d’événement (event_types).',
    en: 'A priority rule names labels or event types (event_types).',
  },
  'agreement.self_not_party': {
    fr: "Ce nœud ({value}) n'est pas partie à l'accord.",
    en: 'This node ({value}) is not a party to the agreement.',
  },
  'agreement.party_not_registered': {
    fr: "La partie {value} n'est pas un partenaire enregistré : enregistrez-la d'abord (sentinelle peer add).",
    en: 'Party {value} is not a registered peer: register it first (sentinelle peer add).',
  },
  'agreement.signature_not_party': {
    fr: "Signature d'un nœud qui n'est pas partie à l'accord : {value}.",
    en: 'Signature by a node that is not a party to the agreement: {value}.',
  },
  'agreement.signature_invalid': {
    fr: "La signature de {value} ne correspond pas à sa clé enregistrée : document modifié après signature, ou clé inconnue.",
    en: 'The signature of {value} does not match its registered key: document altered after signing, or unknown key.',
  },
  'agreement.signature_duplicate': {
    fr: 'Deux signatures du même nœud : {value}.',
    en: 'Two signatures by the same node: {value}.',
  },
  'agreement.revocation_invalid': {
    fr: 'Révocation invalide de {value} : signature incorrecte ou champs incohérents.',
    en: 'Invalid revocation by {value}: wrong signature or inconsistent fields.',
  },
  'agreement.wrong_stream': {
    fr: "L'accord {value} est arrivé sur le flux d'un autre accord : refusé.",
    en: 'Agreement {value} arrived on the stream of another agreement: refused.',
  },
  'agreement.sender_not_party': {
    fr: "Le nœud {value} qui envoie cet accord n'en est pas partie : refusé.",
    en: 'Node {value}, which sent this agreement, is not one of its parties: refused.',
  },
  'agreement.version_conflict': {
    fr: "La version {version} de l'accord {id} existe déjà avec un contenu différent : un accord signé ne se modifie pas, proposez une nouvelle version.",
    en: 'Version {version} of agreement {id} already exists with different content: a signed agreement is never changed, propose a new version.',
  },
  'agreement.version_not_newer': {
    fr: "La version {version} n'est pas postérieure à la dernière version connue ({latest}).",
    en: 'Version {version} is not later than the latest known version ({latest}).',
  },
  'agreement.not_found': { fr: 'Accord introuvable : {id}.', en: 'Agreement not found: {id}.' },
  'agreement.version_not_found': {
    fr: "Version {version} de l'accord {id} introuvable.",
    en: 'Version {version} of agreement {id} not found.',
  },
  'agreement.already_signed': {
    fr: 'Ce nœud a déjà signé la version {version} de cet accord.',
    en: 'This node already signed version {version} of this agreement.',
  },
  'agreement.already_revoked': {
    fr: 'Ce nœud a déjà révoqué la version {version} de cet accord.',
    en: 'This node already revoked version {version} of this agreement.',
  },
  'agreement.revoked_cannot_sign': {
    fr: 'La version {version} de cet accord est révoquée : elle ne peut plus être signée.',
    en: 'Version {version} of this agreement is revoked: it can no longer be signed.',
  },
  'agreement.bad_json': { fr: 'Fichier illisible : JSON invalide ({reason}).', en: 'Unreadable file: invalid JSON ({reason}).' },
});

export const peerMessages = defineMessages({
  'peer.invalid': { fr: 'Partenaire invalide.', en: 'Invalid peer.' },
  'peer.bad_node_id': {
    fr: "L'identifiant de nœud doit être un UUID (tel que l'affiche /api/v1/node).",
    en: 'The node id must be a UUID (as /api/v1/node shows it).',
  },
  'peer.is_self': {
    fr: "C'est l'identifiant (ou la clé) de ce nœud-ci : un nœud ne s'enregistre pas comme son propre partenaire.",
    en: 'This is the id (or key) of this very node: a node is not its own peer.',
  },
  'peer.bad_name': { fr: 'Le nom doit compter de 2 à 200 caractères.', en: 'The name must be 2 to 200 characters long.' },
  'peer.bad_country': {
    fr: 'Pays inconnu : « {value} » (code ISO 3166-1 alpha-3 attendu, ex. SEN).',
    en: 'Unknown country: "{value}" (ISO 3166-1 alpha-3 code expected, e.g. SEN).',
  },
  'peer.bad_url': {
    fr: 'URL de base invalide : « {value} » (http:// ou https://, sans identifiants).',
    en: 'Invalid base URL: "{value}" (http:// or https://, without credentials).',
  },
  'peer.bad_key': {
    fr: "Clé publique invalide : une clé Ed25519 SPKI DER en base64url est attendue (telle que l'affiche /api/v1/node).",
    en: 'Invalid public key: an Ed25519 SPKI DER key in base64url is expected (as /api/v1/node shows it).',
  },
  'peer.exists': { fr: 'Le partenaire {value} est déjà enregistré.', en: 'Peer {value} is already registered.' },
  'peer.key_in_use': {
    fr: 'Cette clé publique est déjà celle du partenaire {value}.',
    en: 'This public key already belongs to peer {value}.',
  },
  'peer.not_found': { fr: 'Partenaire introuvable : {id}.', en: 'Peer not found: {id}.' },
  'peer.already_removed': { fr: 'Le partenaire {id} est déjà retiré.', en: 'Peer {id} is already removed.' },
  'peer.bad_card': {
    fr: 'Fiche de nœud illisible : {reason}.',
    en: 'Unreadable node card: {reason}.',
  },
});

export const sharingMessages = defineMessages({
  'sharing.record_not_found': { fr: 'Enregistrement introuvable : {id}.', en: 'Record not found: {id}.' },
  'sharing.bad_month': {
    fr: 'Mois invalide : « {value} » (AAAA-MM attendu).',
    en: 'Invalid month: "{value}" (YYYY-MM expected).',
  },
  'sharing.bad_range': {
    fr: 'Période invalide : de {from} à {to} (au plus 120 mois, début avant fin).',
    en: 'Invalid period: {from} to {to} (at most 120 months, start before end).',
  },
});
