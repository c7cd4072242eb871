import { useQuery } from '@tanstack/react-query';
import { ConsoleSession } from '@minipay/contracts';
import { createContext, useContext } from 'react';
import { api, ApiError } from './api';

export const sessionKey = ['session'] as const;

/** The signed-in operator, or null when the API says 401. */
export function useSessionQuery() {
  return useQuery({
    queryKey: sessionKey,
    queryFn: async () => {
      try {
        return await api('GET', '/admin/session', ConsoleSession);
      } catch (error) {
        if (error instanceof ApiError && error.status === 401) return null;
        throw error;
      }
    },
    retry: false,
    staleTime: 60_000,
  });
}

export const SessionContext = createContext<ConsoleSession | null>(null);

export function useSession(): ConsoleSession {
  const session = useContext(SessionContext);
  if (!session) throw new Error('useSession outside a signed-in page');
  return session;
}
