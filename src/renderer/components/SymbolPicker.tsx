import { useMemo, useState, type Ref } from 'react';

interface Props {
  label: string;
  testId: string;
  /** Symbols with stored data: listed first, since they can be drawn at once. */
  symbols: string[];
  /** The exchange's other symbols (no data yet): pick one, then connect live to it. */
  more?: string[];
  value: string | null;
  onChange: (symbol: string) => void;
  searchRef?: Ref<HTMLInputElement>;
}

const MAX_MORE = 400;

/**
 * A symbol select with a search box in front: typing filters the list (the exchange lists
 * hundreds) and Enter takes the first match, stored symbols first. The select stays a real
 * <select> so it is keyboard- and test-friendly.
 */
export function SymbolPicker({ label, testId, symbols, more = [], value, onChange, searchRef }: Props) {
  const [query, setQuery] = useState('');
  const q = query.trim().toUpperCase();
  const shown = useMemo(() => {
    const stored = q ? symbols.filter((s) => s.includes(q)) : symbols;
    const have = new Set(symbols);
    const other = more.filter((s) => !have.has(s) && (!q || s.includes(q))).slice(0, MAX_MORE);
    // Keep the current choice listed so the select never shows a blank.
    const listed = value === null || stored.includes(value) || other.includes(value);
    return { stored: listed ? stored : [value, ...stored], other };
  }, [symbols, more, q, value]);
  return (
    <label className="picker">
      {label}
      <input
        ref={searchRef}
        className="search"
        data-testid={`${testId}-search`}
        placeholder="find"
        title="Type to filter; Enter picks the first match"
        value={query}
        onChange={(e) => setQuery(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === 'Enter') {
            const all = [...symbols, ...more];
            const hit = all.find((s) => s === q) ?? all.find((s) => s.includes(q));
            if (hit) onChange(hit);
            setQuery('');
            e.currentTarget.blur();
          } else if (e.key === 'Escape') {
            setQuery('');
            e.currentTarget.blur();
          }
        }}
      />
      <select data-testid={testId} value={value ?? ''} onChange={(e) => onChange(e.target.value)}>
        {!value && <option value="">—</option>}
        {shown.other.length === 0 ? (
          shown.stored.map((s) => <option key={s}>{s}</option>)
        ) : (
          <>
            <optgroup label="stored">
              {shown.stored.map((s) => (
                <option key={s}>{s}</option>
              ))}
            </optgroup>
            <optgroup label="Binance (no data yet: connect live)">
              {shown.other.map((s) => (
                <option key={s}>{s}</option>
              ))}
            </optgroup>
          </>
        )}
      </select>
    </label>
  );
}
