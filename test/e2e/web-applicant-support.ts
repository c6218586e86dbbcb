import type { Page } from 'playwright-core';
import { formatRut, rutCheckDigit } from '../../apps/web/src/applicant/common/rut.js';
import type { BrowserApi } from '../support/browser.js';

/** Inside the demo office's booking window: Tuesday 1 December 2026, 09:00 in La Serena. */
export const FAKE_NOW = '2026-12-01T09:00:00-03:00';
export const DEMO_OFFICE = 'Gobernación Provincial de Elqui – Extranjería';
export const PHONE = { width: 390, height: 844 };
export const DESKTOP = { width: 1366, height: 768 };

/** A valid RUT for a number ('12.345.678-5' for 12345678). */
export const rut = (body: number) => formatRut(body, rutCheckDigit(body));

/** The demo office (SEED_DEMO) and its services by name. */
export async function demoOffice(api: BrowserApi) {
  const { data: offices } = await api.client.GET('/api/v1/offices');
  const office = offices!.find((o) => o.name === DEMO_OFFICE)!;
  const { data: services } = await api.client.GET('/api/v1/offices/{officeId}/services', { params: { path: { officeId: office.id } } });
  const service = (name: string) => services!.find((s) => s.name === name)!;
  return { office, service };
}

/** The focused element as `role "name"` (the Node type check has no DOM: the function is page source). */
const DESCRIBE_FOCUS = `(() => {
  const element = document.activeElement;
  if (!element || element === document.body) return '';
  const tag = element.tagName.toLowerCase();
  const checkable = element.type === 'radio' || element.type === 'checkbox';
  const role = element.getAttribute('role') ?? (tag === 'a' ? 'link' : tag === 'input' ? (checkable ? element.type : 'textbox') : tag);
  const name = element.getAttribute('aria-label') ?? element.labels?.[0]?.textContent ?? element.textContent ?? '';
  return role + ' "' + name.trim() + '"' + (element.checked ? ' [checked]' : '');
})()`;

/**
 * Keyboard only: presses Tab (Shift+Tab with `back`) until the focused element matches, as a
 * keyboard user moves through a page; fails after `max` presses. The element is described as
 * `role "name"`: its role (or tag) and its aria-label, label or text.
 */
export async function tabTo(page: Page, target: RegExp, options: { max?: number; back?: boolean } = {}): Promise<void> {
  const max = options.max ?? 60;
  const seen: string[] = [];
  for (let i = 0; i < max; i++) {
    await page.keyboard.press(options.back ? 'Shift+Tab' : 'Tab');
    const focused = await page.evaluate<string>(DESCRIBE_FOCUS);
    if (target.test(focused)) return;
    seen.push(focused);
  }
  throw new Error(`Tab never reached ${target}; it went through:\n${seen.join('\n')}`);
}

/** Books every seat of a service's day through the API (distinct RUTs from `firstRut`), so the day shows as full. */
export async function fillDay(api: BrowserApi, serviceId: string, date: string, firstRut: number): Promise<number> {
  const { data } = await api.client.GET('/api/v1/services/{serviceId}/availability', { params: { path: { serviceId }, query: { from: date, to: date } } });
  const seats = data!.days[0].slots.flatMap((slot) => Array.from({ length: slot.remaining }, () => slot.start));
  const answers = await Promise.all(
    seats.map((slotStart, i) =>
      api.client.POST('/api/v1/bookings', { body: { serviceId, slotStart, applicant: { documentType: 'RUT', documentNumber: rut(firstRut + i), fullName: 'Persona de prueba' } } }),
    ),
  );
  return answers.filter((answer) => answer.response.status === 201).length;
}
