import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { StudioRoot } from './boot/StudioRoot.tsx';
import './styles.css';

const container = document.getElementById('root');
if (!container) throw new Error('index.html must contain <div id="root">');

createRoot(container).render(
  <StrictMode>
    <StudioRoot />
  </StrictMode>,
);
