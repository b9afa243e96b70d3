import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { RouterProvider } from '@tanstack/react-router';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { startI18n } from './i18n';
import { ApiError } from './api';
import { makeRouter } from './router';
import './styles.css';

const queryClient = new QueryClient({
  defaultOptions: {
    queries: {
      // Retried: network failures and server errors. Not: refusals (4xx) and a server newer than this page.
      retry: (count, error) =>
        !(
          error instanceof ApiError &&
          ((error.status >= 400 && error.status < 500) || error.id === 'client_outdated')
        ) && count < 2,
      refetchOnWindowFocus: false,
    },
  },
});
const router = makeRouter(queryClient);

const container = document.getElementById('root');
await startI18n();
if (container) {
  createRoot(container).render(
    <StrictMode>
      <QueryClientProvider client={queryClient}>
        <RouterProvider router={router} />
      </QueryClientProvider>
    </StrictMode>,
  );
}
