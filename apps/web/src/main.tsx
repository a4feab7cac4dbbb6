import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app/app.tsx';
import { createApiClient } from './lib/api-client.ts';
import { initI18n, storedLanguage } from './lib/i18n.ts';
import './styles.css';

const language = storedLanguage();
const client = createApiClient({ baseUrl: '/api/v1', language });

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element');
// Rendered once the messages are there (at once in Vietnamese; English is fetched first). Not a top-level
// await: that would stop the bundler from merging the app's small shared chunks.
void initI18n(language).then(() =>
  createRoot(root).render(
    <StrictMode>
      <App client={client} />
    </StrictMode>,
  ),
);
