import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { registerServiceWorker, UpdatePrompt } from './UpdatePrompt';
import './styles.css';

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <UpdatePrompt />
    <App />
  </StrictMode>,
);
registerServiceWorker();
