export { createI18n, intlLocale, LANGUAGE_STORAGE_KEY, type I18nOptions } from './i18n.js';
export { LanguageSwitcher, LANGUAGE_NAMES, type LanguageSwitcherProps } from './language-switcher.js';
export { useSocket, type SnapshotOf, type SocketHandlers, type SocketState, type SocketStatus, type UseSocketOptions } from './use-socket.js';
export { formatDate, formatPhone, formatTicketNumber, formatTime, spokenTicketNumber } from './format.js';
export { dateIn, offsetFrom, ServerClock, type ServerClockOptions } from './server-clock.js';
