import type { i18n } from 'i18next';
import en from './en.json';
import es from './es.json';

export const STAFF_NAMESPACE = 'staff';

/** The staff console's texts, as the `staff` namespace of the web app's i18next instance (once). */
export function addStaffResources(instance: i18n): void {
  if (instance.hasResourceBundle('es', STAFF_NAMESPACE)) return;
  instance.addResourceBundle('es', STAFF_NAMESPACE, es, true, true);
  instance.addResourceBundle('en', STAFF_NAMESPACE, en, true, true);
}
