import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { PanelApp } from './App';
import './panel.css';

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <PanelApp />
  </StrictMode>,
);
