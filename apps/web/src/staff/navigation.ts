import type { Role } from './session.js';

/** The console's base path: the shell mounts StaffApp at /staff/*. */
export const STAFF_BASE = '/staff';

export const staffPath = (path = '') => (path ? `${STAFF_BASE}/${path}` : STAFF_BASE);

export interface Section {
  path: string;
  /** Key under `nav.` of the staff namespace. */
  label: string;
  roles: readonly Role[];
  /** Its link stays current on the pages under it (e.g. a request's detail under the inbox). */
  nested?: boolean;
}

const EVERYONE: readonly Role[] = ['agent', 'supervisor', 'admin'];
const SUPERVISORS: readonly Role[] = ['supervisor', 'admin'];

/** Role-aware navigation: agents serve; supervisors also run the office; admins also manage offices. */
export const SECTIONS: readonly Section[] = [
  { path: 'desk', label: 'desk', roles: EVERYONE },
  { path: 'front-desk', label: 'frontDesk', roles: EVERYONE },
  { path: 'bookings', label: 'bookings', roles: EVERYONE },
  { path: 'waitlist', label: 'waitlist', roles: EVERYONE },
  { path: 'requests', label: 'requests', roles: EVERYONE, nested: true },
  { path: 'board', label: 'board', roles: SUPERVISORS },
  { path: 'reports', label: 'reports', roles: SUPERVISORS, nested: true },
  { path: 'services', label: 'services', roles: SUPERVISORS },
  { path: 'counters', label: 'counters', roles: SUPERVISORS },
  { path: 'office', label: 'office', roles: SUPERVISORS },
  { path: 'closures', label: 'closures', roles: SUPERVISORS },
  { path: 'notices', label: 'notices', roles: SUPERVISORS },
  { path: 'accounts', label: 'accounts', roles: SUPERVISORS },
  { path: 'offices', label: 'offices', roles: ['admin'] },
];

export function sectionsFor(role: Role): Section[] {
  return SECTIONS.filter((section) => section.roles.includes(role));
}

/** Where a role lands after logging in. */
export function homeOf(role: Role): string {
  return staffPath(role === 'agent' ? 'desk' : 'board');
}
