/**
 * What Grafana does to a PostgreSQL panel's SQL before the database sees it, reproduced so the
 * dashboards' queries can run in tests. Two steps, as in Grafana:
 * - the browser replaces dashboard variables (templateSrv.replace with the SQL data source's
 *   interpolateVariable: a multi-value or include-All variable becomes quoted literals joined by
 *   commas, All every option's value; a plain variable its raw value, quotes doubled);
 * - the server replaces `$__interval`, `$__interval_ms`, `$__unixEpochFrom()`, `$__unixEpochTo()`
 *   (sqleng Interpolate), then every `$__macro(args)` (pkg/tsdb/grafana-postgresql-datasource/macros.go).
 */

export interface Variable {
  name: string;
  multi: boolean;
  includeAll: boolean;
  /** Option values, All excluded. */
  options: string[];
  /** '$__all', or the selected value(s). */
  current: string | string[];
}

export interface TimeRange {
  from: Date;
  to: Date;
}

const ALL = '$__all';
// templateSrv's variableRegex: $name, [[name:format]], ${name.fieldPath:format}
const VARIABLE = /\$(\w+)|\[\[(\w+?)(?::(\w+))?\]\]|\$\{(\w+)(?:\.([^:^}]+))?(?::([^}]+))?\}/g;
const quoteLiteral = (value: string) => `'${value.replace(/'/g, "''")}'`;

function format(value: string | string[], variable: Variable, name: string | undefined): string {
  const values = Array.isArray(value) ? value : [value];
  switch (name) {
    case undefined:
      if (Array.isArray(value)) return value.map(quoteLiteral).join(',');
      return variable.multi || variable.includeAll ? quoteLiteral(value) : value.replace(/'/g, "''");
    case 'sqlstring':
      return values.map(quoteLiteral).join(',');
    case 'csv':
    case 'raw':
      return values.join(',');
    default:
      throw new Error(`variable format ${name} is not emulated`);
  }
}

/** The browser's step; a name that is no variable stays as written, as Grafana leaves it. */
export function replaceVariables(
  sql: string,
  variables: ReadonlyMap<string, Variable>,
  interval: string,
): string {
  return sql.replace(VARIABLE, (match, v1, v2, f2, v3, fieldPath, f3) => {
    const name: string = v1 ?? v2 ?? v3;
    if (name === '__interval') return interval;
    const variable = variables.get(name);
    if (variable === undefined) return match;
    if (fieldPath !== undefined) throw new Error(`field paths (${match}) are not emulated`);
    const all = variable.current === ALL || (Array.isArray(variable.current) && variable.current[0] === ALL);
    return format(all ? variable.options : variable.current, variable, f2 ?? f3);
  });
}

/** Go's `time.Time.Format(time.RFC3339Nano)` in UTC: no fraction when it is zero. */
const rfc3339Nano = (date: Date) => date.toISOString().replace(/\.?0+Z$/, 'Z');

/** Go's `%v` of a float64 (strconv 'g', shortest digits): exponent form below 1e-4 and from 1e6 on. */
export function goFloat(value: number): string {
  const exponent = value === 0 ? 0 : Math.floor(Math.log10(Math.abs(value)));
  if (exponent >= -4 && exponent < 6) return String(value);
  const [mantissa, power] = value.toExponential().split('e') as [string, string];
  const sign = power.startsWith('-') ? '-' : '+';
  return `${mantissa}e${sign}${power.replace(/^[-+]/, '').padStart(2, '0')}`;
}

const UNIT_SECONDS: Record<string, number> = { ms: 0.001, s: 1, m: 60, h: 3600, d: 86400, w: 604800 };

/** gtime.ParseInterval for the units a bucket uses (d and w count UTC days, so never 23 or 25 hours). */
function intervalSeconds(interval: string): number {
  const match = /^(\d+)(ms|s|m|h|d|w)$/.exec(interval);
  if (!match) throw new Error(`interval ${interval} is not emulated`);
  return Number(match[1]) * UNIT_SECONDS[match[2]!]!;
}

const MACRO = /\$([_a-zA-Z0-9]+)\(([^)]*)\)/g;

const TAKES_COLUMN = new Set(['__time', '__timeEpoch', '__timeFilter', '__unixEpochFilter']);

function macro(name: string, args: string[], range: TimeRange): string {
  const [column] = args;
  if (TAKES_COLUMN.has(name) && !column) throw new Error(`missing time column argument for macro ${name}`);
  const from = `'${rfc3339Nano(range.from)}'`;
  const to = `'${rfc3339Nano(range.to)}'`;
  switch (name) {
    case '__time':
      return `${column} AS "time"`;
    case '__timeEpoch':
      return `extract(epoch from ${column}) as "time"`;
    case '__timeFilter':
      return `${column} BETWEEN ${from} AND ${to}`;
    case '__timeFrom':
      return from;
    case '__timeTo':
      return to;
    case '__timeGroup': {
      if (args.length < 2) throw new Error(`$${name} needs a column and an interval`);
      const fill = args[2];
      if (fill !== undefined && !/^(NULL|previous|-?\d+(\.\d+)?)$/.test(fill))
        throw new Error(`bad fill ${fill}`);
      const seconds = goFloat(intervalSeconds(args[1]!.replace(/^'+|'+$/g, '')));
      return `floor(extract(epoch from ${column})/${seconds})*${seconds}`;
    }
    case '__timeGroupAlias':
      return `${macro('__timeGroup', args, range)} AS "time"`;
    case '__unixEpochFilter':
      return `${column} >= ${unix(range.from)} AND ${column} <= ${unix(range.to)}`;
    default:
      throw new Error(`unknown macro "${name}"`);
  }
}

const unix = (date: Date) => Math.floor(date.getTime() / 1000);

/** The server's step. `$__timeGroup(...)` directly followed by a comma gets its alias (pre-5.3 compatibility). */
export function expandMacros(sql: string, range: TimeRange, interval: string): string {
  const interpolated = sql
    .replaceAll('$__interval_ms', String(intervalSeconds(interval) * 1000))
    .replaceAll('$__interval', interval)
    .replaceAll('$__unixEpochFrom()', String(unix(range.from)))
    .replaceAll('$__unixEpochTo()', String(unix(range.to)));
  return interpolated.replace(MACRO, (whole, name: string, args: string) => {
    // Go looks at the first occurrence of the same text, wherever this one is.
    const after = interpolated[interpolated.indexOf(whole) + whole.length];
    const compat = name === '__timeGroup' && after === ',';
    // strings.Trim(arg, " "): spaces only.
    const trimmed = args.split(',').map((arg) => arg.replace(/^ +| +$/g, ''));
    return macro(compat ? '__timeGroupAlias' : name, trimmed, range);
  });
}
