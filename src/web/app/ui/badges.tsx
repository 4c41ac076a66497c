/** TLP badge in the FIRST TLP 2.0 colours (black background, coloured text). */
export function TlpBadge({ tlp }: { tlp: string | null }) {
  if (!tlp) return null;
  return <span class={`tlp tlp-${tlp.replace('+', '-')}`}>TLP:{tlp.toUpperCase()}</span>;
}
