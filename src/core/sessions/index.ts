/** The sessions core: mix evaluation, nudge selection, due steps, the calendar file and the messages (pure). */
export { evaluateMix, invitationsPerBand, type BandMix, type MixEvaluation } from './mix.js';
export { selectNudges, type NudgeCandidate } from './nudge-selection.js';
export {
  buildSessionIcs,
  isWebLink,
  organizerAddress,
  type SessionIcsInput,
  sessionIcsAttachment,
  sessionUid,
} from './ics.js';
export {
  DEFAULT_NUDGE_HOURS,
  DEFAULT_NUDGE_LIMIT,
  REMINDER_HOURS,
  REFLECTION_AFTER_MS,
  REFLECTION_STALE_MS,
  BITESIZE_MAX_MINUTES,
  sessionSteps,
  dueSteps,
  isBitesize,
  type SessionStep,
  type StepKind,
  type StepTimes,
} from './session-steps.js';
export {
  SESSION_IDS,
  RSVP_ANSWERS,
  rsvpValue,
  parseSessionValue,
  formatSessionWhen,
  formatLength,
  placesLeft,
  sessionHeading,
  sessionBlocks,
  rsvpButtons,
  type RsvpAnswer,
  type SessionSummary,
} from './session-view.js';
export {
  announcementMessage,
  menuMessage,
  rsvpReplyMessage,
  calendarMessage,
  nudgeMessage,
  sessionReminderMessage,
  cancellationMessage,
  promotionMessage,
  reflectionMessage,
  reflectionThanksMessage,
  type RsvpOutcome,
} from './session-messages.js';
export { mixChart, mixReportMessage, type MixReportInput } from './mix-report.js';
