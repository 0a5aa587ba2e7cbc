/**
 * `${Name}` placeholders in an ASL file, replaced as CDK's `definitionSubstitutions` does: only
 * the names given are replaced, anything else is left as written.
 */
export function substituteDefinition(text: string, substitutions: Record<string, string>): string {
  return text.replace(/\$\{([A-Za-z0-9_.-]+)\}/g, (whole, name: string) =>
    Object.hasOwn(substitutions, name) ? (substitutions[name] as string) : whole,
  );
}
