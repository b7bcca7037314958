import type { FiredAlert } from '../../shared/contract';
import type { Toast } from '../hooks/useToasts';
import { formatClock } from '../lib/format';

interface Props {
  toasts: (Toast & { count: number })[];
  dismiss: (id: number) => void;
  onAlert: (a: FiredAlert) => void;
}

/** Bottom-right stack of toasts; an alert's toast is a button to where it fired. */
export function Toasts({ toasts, dismiss, onAlert }: Props) {
  if (toasts.length === 0) return null;
  return (
    <div className="toasts" data-testid="toasts" aria-live="polite">
      {toasts.map((t) => (
        <div key={t.id} className={`toast toast-${t.level}`} data-testid={`toast-${t.level}`}>
          <div
            className={`toast-body ${t.alert ? 'clickable' : ''}`}
            role={t.alert ? 'button' : undefined}
            tabIndex={t.alert ? 0 : undefined}
            title={t.alert ? 'Show this alert on the charts' : undefined}
            onClick={() => {
              if (!t.alert) return;
              onAlert(t.alert);
              dismiss(t.id);
            }}
            onKeyDown={(e) => {
              if (t.alert && (e.key === 'Enter' || e.key === ' ')) {
                onAlert(t.alert);
                dismiss(t.id);
              }
            }}
          >
            <span className="toast-title">
              <span className="toast-kind">{t.level}</span>
              <b>{t.title}</b>
              {t.count > 1 && <span className="muted"> ×{t.count}</span>}
            </span>
            <span>{t.body}</span>
            {t.alert && (
              <small className="muted">{formatClock(t.alert.ts, true)} UTC · click to show it on the charts</small>
            )}
          </div>
          <button className="icon" title="Dismiss" onClick={() => dismiss(t.id)}>
            ×
          </button>
        </div>
      ))}
    </div>
  );
}
