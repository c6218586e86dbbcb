import type { ServiceSettings, WeeklyHours } from '@turnero/scheduling';
import type { StaffRole } from '../staff/staff-user.entity.js';

/** The demo: a provincial migration office (Extranjería) and a small municipal front desk. */
export interface DemoService extends Partial<Omit<ServiceSettings, 'mode'>> {
  code: string;
  name: string;
  mode: ServiceSettings['mode'];
  requirements: string[];
}

export interface DemoOffice {
  name: string;
  address: string;
  timeZone: string;
  openingHours: WeeklyHours;
  services: DemoService[];
  counters: { name: string; serviceCodes: string[] }[];
  staff: { username: string; password: string; role: Exclude<StaffRole, 'admin'>; email?: string }[];
}

const weekdays = (intervals: { start: string; end: string }[]): WeeklyHours => ({ 1: intervals, 2: intervals, 3: intervals, 4: intervals, 5: intervals });

const APPOINTMENT_WINDOWS = { bookingHorizonDays: 30, bookingOpensAt: '00:00', bookingLeadMinutes: 10, checkInBeforeMinutes: 30, checkInGraceMinutes: 15 };

export const EXTRANJERIA: DemoOffice = {
  name: 'Gobernación Provincial de Elqui – Extranjería',
  address: 'Arturo Prat 350, La Serena, Región de Coquimbo',
  timeZone: 'America/Santiago',
  openingHours: weekdays([{ start: '08:30', end: '14:00' }]),
  services: [
    {
      code: 'R',
      name: 'Residencia temporal',
      mode: 'appointment',
      requirements: [
        'Pasaporte o documento de identidad vigente',
        'Certificado de antecedentes del país de origen, legalizado o apostillado',
        'Comprobante de la solicitud en línea',
        'Fotografía tamaño carné con nombre y número de pasaporte',
      ],
      ...APPOINTMENT_WINDOWS,
      slotMinutes: 15,
      seatsPerSlot: 3,
      dailyAppointmentCap: 50,
      averageServiceMinutes: 20,
    },
    {
      code: 'P',
      name: 'Permanencia definitiva',
      mode: 'appointment',
      requirements: [
        'Pasaporte vigente y cédula de identidad para extranjeros',
        'Certificado de viajes emitido por la PDI',
        'Certificado de antecedentes para fines especiales',
        'Comprobante de la solicitud en línea',
      ],
      ...APPOINTMENT_WINDOWS,
      slotMinutes: 20,
      seatsPerSlot: 2,
      dailyAppointmentCap: 30,
      averageServiceMinutes: 25,
    },
    {
      code: 'T',
      name: 'Prórroga de turismo',
      mode: 'walk_in',
      requirements: ['Pasaporte vigente', 'Tarjeta de turismo o comprobante de ingreso (PDI)', 'Pasaje de salida o medios económicos'],
      walkInDailyCap: 30,
      averageServiceMinutes: 10,
    },
    {
      code: 'E',
      name: 'Cambio de empleador',
      mode: 'walk_in',
      requirements: ['Pasaporte o cédula de identidad para extranjeros', 'Nuevo contrato de trabajo firmado ante notario', 'Finiquito o carta de término del contrato anterior'],
      walkInDailyCap: 25,
      averageServiceMinutes: 15,
    },
    {
      code: 'C',
      name: 'Certificado de permanencia definitiva',
      mode: 'walk_in',
      requirements: ['Cédula de identidad para extranjeros o pasaporte'],
      walkInDailyCap: 15,
      averageServiceMinutes: 8,
    },
  ],
  counters: [
    { name: 'Módulo 1', serviceCodes: ['R', 'P'] },
    { name: 'Módulo 2', serviceCodes: ['R', 'P'] },
    { name: 'Módulo 3', serviceCodes: ['T', 'E', 'C'] },
    { name: 'Módulo 4', serviceCodes: ['T', 'E', 'C'] },
    { name: 'Módulo 5', serviceCodes: ['R', 'P', 'T', 'E', 'C'] },
  ],
  staff: [
    { username: 'supervisora.elqui', password: 'demo-supervisora-2026', role: 'supervisor', email: 'supervisora.elqui@example.cl' },
    { username: 'agente1.elqui', password: 'demo-agente1-2026', role: 'agent' },
    { username: 'agente2.elqui', password: 'demo-agente2-2026', role: 'agent' },
  ],
};

export const MUNICIPAL: DemoOffice = {
  name: 'Municipalidad de La Serena – Atención Ciudadana',
  address: 'Prat 451, La Serena',
  timeZone: 'America/Santiago',
  openingHours: weekdays([
    { start: '08:30', end: '13:30' },
    { start: '14:30', end: '16:00' },
  ]),
  services: [
    {
      code: 'M',
      name: 'Permiso de circulación',
      mode: 'both',
      requirements: ['Padrón del vehículo', 'Revisión técnica vigente', 'Seguro obligatorio (SOAP)'],
      ...APPOINTMENT_WINDOWS,
      slotMinutes: 15,
      seatsPerSlot: 2,
      walkInDailyCap: 40,
      averageServiceMinutes: 10,
    },
    {
      code: 'K',
      name: 'Certificados municipales',
      mode: 'walk_in',
      requirements: ['Cédula de identidad'],
      averageServiceMinutes: 5,
    },
  ],
  counters: [
    { name: 'Ventanilla 1', serviceCodes: ['M', 'K'] },
    { name: 'Ventanilla 2', serviceCodes: ['M', 'K'] },
  ],
  staff: [
    { username: 'supervisor.municipal', password: 'demo-supervisor-2026', role: 'supervisor', email: 'supervisor.municipal@example.cl' },
    { username: 'agente.municipal', password: 'demo-agente-2026', role: 'agent' },
  ],
};

export const DEMO_OFFICES = [EXTRANJERIA, MUNICIPAL];

/**
 * The catalogue of topics for requests and complaints (issue #17) that every demo office offers,
 * in this order: Spanish (es-CL) name and English name.
 */
export const DEMO_REQUEST_TOPICS: { name: string; nameEn: string }[] = [
  { name: 'Permisos de circulación', nameEn: 'Vehicle permits' },
  { name: 'Licencias de conducir', nameEn: "Driver's licences" },
  { name: 'Registro Social de Hogares', nameEn: 'Household social registry' },
  { name: 'Subsidios', nameEn: 'Subsidies' },
  { name: 'Estado de un trámite de extranjería', nameEn: 'Status of an immigration procedure' },
  { name: 'Otro', nameEn: 'Other' },
];
