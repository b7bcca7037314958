// First import on purpose: it opens the connection before React and ECharts are evaluated.
import { bootApi } from './api/boot';
import { StrictMode, startTransition } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import './styles/app.css';

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root');
// The first render as a transition is time-sliced: it yields to the event loop every few
// ms, so the socket's open event sends the first requests (queued by bootApi) while the
// dashboard is still rendering, instead of ~200 ms later when one long render task ends.
startTransition(() =>
  createRoot(root).render(
    <StrictMode>
      <App api={bootApi} />
    </StrictMode>,
  ),
);
