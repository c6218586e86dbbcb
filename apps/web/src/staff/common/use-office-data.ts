import { type Counter, type Service, unwrap } from '@turnero/api-client';
import { staffApi } from '../api.js';
import { useApiData } from './use-api-data.js';

/** Every service of the office with its settings (inactive ones too), in the office's order. */
export function useServices(officeId: string) {
  return useApiData(
    async (): Promise<Service[]> => {
      const services = await unwrap(staffApi.GET('/api/v1/offices/{officeId}/services/settings', { params: { path: { officeId } } }));
      return [...services].sort((a, b) => a.position - b.position || a.code.localeCompare(b.code));
    },
    [officeId],
  );
}

/** The office's counters, open or not, with the services each may serve. */
export function useCounters(officeId: string) {
  return useApiData(
    async (): Promise<Counter[]> => {
      const counters = await unwrap(staffApi.GET('/api/v1/offices/{officeId}/counters', { params: { path: { officeId } } }));
      return [...counters].sort((a, b) => a.name.localeCompare(b.name, 'es', { numeric: true }));
    },
    [officeId],
  );
}

export function serviceName(services: readonly Service[] | null, serviceId: string): string {
  return services?.find((s) => s.id === serviceId)?.name ?? '';
}
