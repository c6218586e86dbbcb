import { type ApiError, type Office, unwrap } from '@turnero/api-client';
import { useTranslation } from 'react-i18next';
import { staffApi } from '../api.js';
import { isInvalid } from '../common/errors.js';
import { CheckField, Field, SelectField } from '../common/fields.js';
import { useApiData } from '../common/use-api-data.js';

export type MessageSwitches = Office['messages'];
type SwitchName = keyof MessageSwitches;
type TemplateKind = keyof Office['whatsappTemplates'];
/** The kinds an office may have an approved WhatsApp template for, and the switch each one belongs to. */
const TEMPLATE_KINDS: [TemplateKind, SwitchName][] = [
  ['booking_confirmed', 'bookingConfirmed'],
  ['booking_rescheduled', 'bookingRescheduled'],
  ['booking_cancelled', 'bookingCancelled'],
  ['booking_cancelled_by_office', 'bookingCancelledByOffice'],
  ['booking_reminder', 'reminder'],
  ['office_notice', 'officeNotice'],
];

/** The office's message settings as the form edits them (PATCH /offices/{id}: messages, reminderLeadMinutes, contact). */
export interface MessageSettingsValue {
  messages: MessageSwitches;
  reminderLeadMinutes: number;
  contactPhone: string;
  contactEmail: string;
  /** The approved WhatsApp templates' Content SIDs per kind ('' for none). */
  whatsappTemplates: Record<TemplateKind, string>;
}

/** The hints name the template's numbered variables as Twilio writes them: {{1}}, {{2}}… (not i18next's interpolation). */
export const TEMPLATE_VARIABLES = Object.fromEntries([1, 2, 3, 4, 5, 6].map((n) => [n, `{{${n}}}`]));
const NO_TEMPLATES = Object.fromEntries(TEMPLATE_KINDS.map(([kind]) => [kind, ''])) as Record<TemplateKind, string>;

export const DEFAULT_MESSAGE_SETTINGS: MessageSettingsValue = {
  messages: { bookingConfirmed: true, bookingRescheduled: true, bookingCancelled: true, bookingCancelledByOffice: true, reminder: true, officeNotice: true, rating: true },
  reminderLeadMinutes: 1440,
  contactPhone: '',
  contactEmail: '',
  whatsappTemplates: NO_TEMPLATES,
};

export function messageSettingsOf(office: Office): MessageSettingsValue {
  return {
    messages: office.messages,
    reminderLeadMinutes: office.reminderLeadMinutes,
    contactPhone: office.contactPhone ?? '',
    contactEmail: office.contactEmail ?? '',
    whatsappTemplates: { ...NO_TEMPLATES, ...office.whatsappTemplates },
  };
}

/** The settings as the API takes them: an empty contact or template clears it. */
export function messageSettingsBody(value: MessageSettingsValue) {
  return {
    messages: value.messages,
    reminderLeadMinutes: value.reminderLeadMinutes,
    contactPhone: value.contactPhone.trim() || null,
    contactEmail: value.contactEmail.trim() || null,
    whatsappTemplates: Object.fromEntries(TEMPLATE_KINDS.map(([kind]) => [kind, value.whatsappTemplates[kind].trim() || null])),
  };
}

const SWITCHES: SwitchName[] = ['bookingConfirmed', 'bookingRescheduled', 'bookingCancelled', 'bookingCancelledByOffice', 'reminder', 'officeNotice', 'rating'];
/** The reminder's lead times offered, in hours (the API takes 1 h to 7 days, in minutes). */
const LEAD_HOURS = [1, 2, 3, 6, 12, 24, 48, 72];

/**
 * "Mensajes a las personas": a switch per message kind, the reminder's lead time and the office's
 * contact given in the messages; says whether this server sends email and SMS at all (an office
 * being edited: GET /offices/{id}/message-channels).
 */
export function MessageSettings({ officeId, value, onChange, error }: { officeId: string | null; value: MessageSettingsValue; onChange(value: MessageSettingsValue): void; error: ApiError | null }) {
  const { t } = useTranslation('staff');
  const channels = useApiData(
    officeId ? () => unwrap(staffApi.GET('/api/v1/offices/{officeId}/message-channels', { params: { path: { officeId } } })) : null,
    [officeId],
  );
  const leadOptions = LEAD_HOURS.map((hours) => ({ value: String(hours * 60), label: t('officeMessages.hoursBefore', { count: hours }) }));
  // A lead time set otherwise (through the API) stays as it is until changed.
  if (!leadOptions.some((option) => option.value === String(value.reminderLeadMinutes))) {
    leadOptions.unshift({ value: String(value.reminderLeadMinutes), label: t('officeMessages.minutesBefore', { count: value.reminderLeadMinutes }) });
  }
  const set = (change: Partial<MessageSettingsValue>) => onChange({ ...value, ...change });

  return (
    <fieldset aria-invalid={isInvalid(error, 'messages') || undefined}>
      <legend>{t('officeMessages.title')}</legend>
      <p className="staff-hint">{t('officeMessages.intro')}</p>
      {channels.data && (
        <p className="staff-hint" data-testid="message-channels">
          {t('officeMessages.channels')}{' '}
          {(['email', 'sms'] as const).map((channel, i) => (
            <span key={channel}>
              {i > 0 ? ' · ' : ''}
              {t(channels.data![channel] ? 'officeMessages.channelOn' : 'officeMessages.channelOff', { channel: t(`officeMessages.${channel}`) })}
            </span>
          ))}
        </p>
      )}
      <div className="staff-choices">
        {SWITCHES.map((name) => (
          <CheckField
            key={name}
            label={t(`officeMessages.${name}`)}
            hint={t(`officeMessages.${name}Hint`)}
            checked={value.messages[name]}
            onChange={(on) => set({ messages: { ...value.messages, [name]: on } })}
          />
        ))}
      </div>
      <div className="staff-grid-form">
        <SelectField
          label={t('officeMessages.reminderLead')}
          value={String(value.reminderLeadMinutes)}
          onChange={(minutes) => set({ reminderLeadMinutes: Number(minutes) })}
          options={leadOptions}
          invalid={isInvalid(error, 'reminderLeadMinutes')}
        />
        <Field
          label={t('officeMessages.contactPhone')}
          type="tel"
          autoComplete="off"
          maxLength={30}
          value={value.contactPhone}
          onChange={(contactPhone) => set({ contactPhone })}
          invalid={isInvalid(error, 'contactPhone')}
          hint={t('officeMessages.contactPhoneHint')}
        />
        <Field
          label={t('officeMessages.contactEmail')}
          type="email"
          autoComplete="off"
          maxLength={254}
          value={value.contactEmail}
          onChange={(contactEmail) => set({ contactEmail })}
          invalid={isInvalid(error, 'contactEmail')}
          hint={t('officeMessages.contactEmailHint')}
        />
      </div>
      {channels.data?.whatsapp && (
        <fieldset data-testid="whatsapp-templates" aria-invalid={isInvalid(error, 'whatsappTemplates') || undefined}>
          <legend>{t('officeMessages.whatsappTitle')}</legend>
          <p className="staff-hint">{t('officeMessages.whatsappIntro')}</p>
          <div className="staff-grid-form">
            {TEMPLATE_KINDS.map(([kind, name]) => (
              <Field
                key={kind}
                label={t(`officeMessages.${name}`)}
                autoComplete="off"
                spellCheck={false}
                maxLength={40}
                placeholder="HX…"
                value={value.whatsappTemplates[kind]}
                onChange={(sid) => set({ whatsappTemplates: { ...value.whatsappTemplates, [kind]: sid } })}
                invalid={isInvalid(error, `whatsappTemplates.${kind}`)}
                hint={t(`officeMessages.whatsappVariables.${kind}`, TEMPLATE_VARIABLES)}
              />
            ))}
          </div>
        </fieldset>
      )}
    </fieldset>
  );
}
