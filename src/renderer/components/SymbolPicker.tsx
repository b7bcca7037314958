import { useMemo, useState, type Ref } from 'react';

interface Props {
  label: string;
  testId: string;
  symbols: string[];
  value: string | null;
  onChange: (symbol: string) => void;
  searchRef?: Ref<HTMLInputElement>;
}

/**
 * A symbol select with a search box in front: typing filters the list (the exchange lists
 * hundreds) and Enter takes the first match. The select stays a real <select> so it is
 * keyboard- and test-friendly.
 */
export function SymbolPicker({ label, testId, symbols, value, onChange, searchRef }: Props) {
  const [query, setQuery] = useState('');
  const shown = useMemo(() => {
    const q = query.trim().toUpperCase();
    const list = q ? symbols.filter((s) => s.includes(q)) : symbols;
    // Keep the current choice listed so the select never shows a blank.
    return value && !list.includes(value) ? [value, ...list] : list;
  }, [symbols, query, value]);
  return (
    <label className="picker">
      {label}
      <input
        ref={searchRef}
        className="search"
        data-testid={`${testId}-search`}
        placeholder="search"
        value={query}
        onChange={(e) => setQuery(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === 'Enter') {
            const q = query.trim().toUpperCase();
            const hit = symbols.find((s) => s === q) ?? symbols.find((s) => s.includes(q));
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
        {shown.map((s) => (
          <option key={s}>{s}</option>
        ))}
      </select>
    </label>
  );
}
