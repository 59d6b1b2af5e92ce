/** Every key the YAML config file accepts, as a dotted path (`services[].team`), from its schema. */
import { FileSchema } from '../../src/config-file.ts';

interface SchemaNode {
  type?: string;
  properties?: Record<string, SchemaNode>;
  patternProperties?: Record<string, SchemaNode>;
  additionalProperties?: boolean | SchemaNode;
  items?: SchemaNode;
  anyOf?: SchemaNode[];
  description?: string;
  default?: unknown;
}

export interface YamlKey {
  path: string;
  description: string | undefined;
  default: unknown;
}

export function yamlKeys(): YamlKey[] {
  const keys: YamlKey[] = [];
  const walk = (node: SchemaNode, prefix: string): void => {
    for (const [name, child] of Object.entries(node.properties ?? {})) {
      const path = `${prefix}${name}`;
      keys.push({ path, description: child.description, default: child.default });
      walk(child, `${path}.`);
    }
    const values = [
      ...Object.values(node.patternProperties ?? {}),
      ...(typeof node.additionalProperties === 'object' ? [node.additionalProperties] : []),
    ];
    for (const child of values) walk(child, `${prefix}<name>.`);
    if (node.items) walk(node.items, `${prefix.slice(0, -1)}[].`);
    for (const child of node.anyOf ?? []) walk(child, prefix);
  };
  walk(FileSchema as SchemaNode, '');
  return keys;
}
