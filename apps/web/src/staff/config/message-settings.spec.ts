import i18next from 'i18next';
import { describe, expect, it } from 'vitest';
import { addStaffResources } from '../i18n/index.js';
import { DEFAULT_MESSAGE_SETTINGS, messageSettingsBody, TEMPLATE_VARIABLES } from './message-settings.js';

describe('the office’s WhatsApp templates in the settings form', () => {
  it('sends each template trimmed, and an empty one as null (removed)', () => {
    const body = messageSettingsBody({
      ...DEFAULT_MESSAGE_SETTINGS,
      whatsappTemplates: { ...DEFAULT_MESSAGE_SETTINGS.whatsappTemplates, booking_confirmed: ` HX${'a'.repeat(32)} `, booking_reminder: '   ' },
    });
    expect(body.whatsappTemplates).toEqual({
      booking_confirmed: `HX${'a'.repeat(32)}`,
      booking_rescheduled: null,
      booking_cancelled: null,
      booking_cancelled_by_office: null,
      booking_reminder: null,
      office_notice: null,
    });
  });

  it('names the numbered variables as Twilio writes them ({{1}}…), not as i18next would interpolate them', async () => {
    const i18n = i18next.createInstance();
    await i18n.init({ lng: 'es', fallbackLng: 'es', resources: {}, interpolation: { escapeValue: false } });
    addStaffResources(i18n);
    expect(i18n.getFixedT('es', 'staff')('officeMessages.whatsappVariables.booking_cancelled_by_office', TEMPLATE_VARIABLES)).toBe(
      'Variables: {{1}} oficina, {{2}} trámite, {{3}} fecha y hora, {{4}} código, {{5}} motivo, {{6}} enlace para reservar otra hora.',
    );
    expect(i18n.getFixedT('en', 'staff')('officeMessages.whatsappVariables.office_notice', TEMPLATE_VARIABLES)).toBe(
      'Variables: {{1}} office, {{2}} the notice, {{3}} period, {{4}} booking code (or "-").',
    );
  });
});
