export { addWorkingDays, isWorkingDay, MAX_WORKING_DAYS, workingDaysBetween } from './working-days.js';
export { deadlineState, pausedWorkingDays, requestDueDate, type DeadlineState, type DeadlineStateInput, type PausedWorkingDaysInput, type RequestDueDateInput, type RequestInstant } from './request-deadline.js';
