import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app/app.tsx';
import { createApiClient } from './lib/api-client.ts';
import { initI18n, storedLanguage } from './lib/i18n.ts';
import './styles.css';

const language = storedLanguage();
initI18n(language);
const client = createApiClient({ baseUrl: '/api/v1', language });

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element');
createRoot(root).render(
  <StrictMode>
    <App client={client} />
  </StrictMode>,
);
