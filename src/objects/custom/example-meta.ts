/** The common properties of the custom types' examples: one date, and the domain's new-sdo extension. */
export function exampleMeta(extensionId: string): (type: string, uuid: string) => Record<string, unknown> {
  const extensions = { [extensionId]: { extension_type: 'new-sdo' } };
  return (type, uuid) => ({
    type,
    spec_version: '2.1',
    id: `${type}--${uuid}`,
    created: '2026-03-01T08:00:00.000Z',
    modified: '2026-03-01T08:00:00.000Z',
    extensions,
  });
}
