import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { ViewerRoot } from './ViewerRoot.tsx';
import './viewer.css';

const container = document.getElementById('root');
if (!container) throw new Error('viewer.html must contain <div id="root">');

createRoot(container).render(
  <StrictMode>
    <ViewerRoot />
  </StrictMode>,
);
