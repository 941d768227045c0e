/**
 * Plain JSON as block YAML, for manifests a person pastes into `kubectl apply -f -`.
 * A YAML library would be most of the bundle; the API's manifests are only maps, lists,
 * strings, numbers and booleans, and JSON's string quoting is valid YAML.
 */
export function toYaml(value: unknown, indent = 0): string {
  const pad = '  '.repeat(indent);
  if (Array.isArray(value)) {
    if (value.length === 0) return `${pad}[]\n`;
    return value
      .map((item) => {
        if (isMap(item) && Object.keys(item).length > 0) return `${pad}- ${toYaml(item, indent + 1).trimStart()}`;
        if (Array.isArray(item) && item.length > 0) return `${pad}-\n${toYaml(item, indent + 1)}`;
        return `${pad}- ${scalar(item)}\n`;
      })
      .join('');
  }
  if (isMap(value)) {
    const entries = Object.entries(value).filter(([, v]) => v !== undefined);
    if (entries.length === 0) return `${pad}{}\n`;
    return entries
      .map(([key, v]) => {
        const k = scalar(key);
        if ((isMap(v) && Object.keys(v).length > 0) || (Array.isArray(v) && v.length > 0)) return `${pad}${k}:\n${toYaml(v, indent + 1)}`;
        return `${pad}${k}: ${scalar(v)}\n`;
      })
      .join('');
  }
  return `${pad}${scalar(value)}\n`;
}

const isMap = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

/** Plain when YAML would read it back as the same string, else JSON-quoted. */
function scalar(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return '[]';
  if (isMap(v)) return '{}';
  if (typeof v !== 'string') return JSON.stringify(v);
  const plain = /^[A-Za-z_/][\w./-]*$/.test(v) && !/^(true|false|yes|no|on|off|null|y|n|~)$/i.test(v);
  return plain ? v : JSON.stringify(v);
}
