import { isPhone } from '../booking/applicant-form.js';
import { checkRut } from '../common/rut.js';
import { ANONYMOUS_KINDS, DESCRIPTION_MAX, type NewRequest, type RequestKind } from './requests-api.js';

/** The filing form's values, as typed. */
export interface RequestValues {
  officeId: string;
  kind: RequestKind | '';
  topicId: string;
  description: string;
  fullName: string;
  email: string;
  phone: string;
  documentNumber: string;
  smsConsent: boolean;
}

export const EMPTY_REQUEST: RequestValues = { officeId: '', kind: '', topicId: '', description: '', fullName: '', email: '', phone: '', documentNumber: '', smsConsent: false };

export type RequestField = 'officeId' | 'kind' | 'topicId' | 'description' | 'attachments' | 'fullName' | 'email' | 'phone' | 'documentNumber';
/** The form's fields in page order (the error summary lists them so). */
export const REQUEST_FIELDS: RequestField[] = ['officeId', 'kind', 'topicId', 'description', 'attachments', 'fullName', 'email', 'phone', 'documentNumber'];
/** An i18n key (under `requests.`) per field. */
export type RequestErrors = Partial<Record<RequestField, string>>;

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export const isEmail = (raw: string) => EMAIL.test(raw.trim());

/** Characters as the API counts them (UTF-16 code units, like class-validator's MaxLength). */
export const descriptionLength = (text: string) => text.trim().length;

/** The same rules as the API's, checked before sending so mistakes show at once. */
export function validateRequest(values: RequestValues): RequestErrors {
  const errors: RequestErrors = {};
  if (!values.officeId) errors.officeId = 'errors.officeRequired';
  if (!values.kind) errors.kind = 'errors.kindRequired';
  if (!values.topicId) errors.topicId = 'errors.topicRequired';
  const length = descriptionLength(values.description);
  if (length === 0) errors.description = 'errors.descriptionRequired';
  else if (length > DESCRIPTION_MAX) errors.description = 'errors.descriptionTooLong';
  if (values.fullName.trim().length > 200) errors.fullName = 'errors.fullNameLong';
  const email = values.email.trim();
  const phone = values.phone.trim();
  if (email && !isEmail(email)) errors.email = 'errors.email';
  if (phone && !isPhone(phone)) errors.phone = 'errors.phone';
  if (values.kind && !ANONYMOUS_KINDS.has(values.kind) && !email && !phone) errors.email = 'errors.contactRequired';
  const rut = checkRut(values.documentNumber);
  if (rut.state === 'wrong-check-digit') errors.documentNumber = 'errors.rutCheckDigit';
  else if (rut.state !== 'empty' && rut.state !== 'valid') errors.documentNumber = 'errors.rutFormat';
  return errors;
}

/** The body of POST /requests from valid values: empty contact fields left out, no contact at all for an anonymous filing. */
export function toNewRequest(values: RequestValues): NewRequest {
  const contact: NonNullable<NewRequest['contact']> = {};
  if (values.fullName.trim()) contact.fullName = values.fullName.trim();
  if (values.email.trim()) contact.email = values.email.trim();
  if (values.phone.trim()) {
    contact.phone = values.phone.trim();
    contact.smsConsent = values.smsConsent;
  }
  const rut = checkRut(values.documentNumber);
  if (rut.state === 'valid') contact.documentNumber = rut.formatted;
  return {
    officeId: values.officeId,
    kind: values.kind as RequestKind,
    topicId: values.topicId,
    description: values.description.trim(),
    ...(Object.keys(contact).length > 0 ? { contact } : {}),
  };
}

/** The API's 400 `details` field names (`contact.email`, `attachments`…) as this form's fields. */
export function requestErrorsFromApi(fieldErrors: Record<string, string[]>): RequestErrors {
  const errors: RequestErrors = {};
  for (const field of Object.keys(fieldErrors)) {
    const name = field.replace(/^contact\./, '').replace(/\..*$/, '').replace(/\[\d+\]$/, '');
    const mapped = (name === 'contact' ? 'email' : name === 'smsConsent' ? 'phone' : name) as RequestField;
    if (REQUEST_FIELDS.includes(mapped)) errors[mapped] = `errors.api.${mapped}`;
  }
  return errors;
}
