/** The check-in core: the prompt library, rotation, the capacity scale, messages, the report and the digest. */
export {
  PROMPT_MODELS,
  THEMES,
  SESSION_THEMES,
  MIN_PROMPTS_PER_BAND,
  MIN_PROMPTS_FOR_EVERYONE,
  MIN_PAIRING_STARTERS,
  PROMPT_TEXT_MIN,
  PROMPT_TEXT_MAX,
  promptSchema,
  pairingStarterSchema,
  sessionReflectionSchema,
  validatePromptLibrary,
  validatePairingStarters,
  validateSessionReflections,
  suitsEveryone,
  promptsFor,
  findPrompt,
  chooseSessionReflection,
  type Prompt,
  type PromptModel,
  type Theme,
  type PromptLibrary,
  type PairingStarter,
  type SessionReflection,
  type Validated,
} from './prompt-library.js';
export {
  BANNED_PHRASES,
  IDENTITY_PHRASES,
  normaliseWording,
  wordingProblems,
  type WordingRule,
} from './prompt-wording.js';
export { choosePrompt } from './prompt-rotation.js';
export {
  CAPACITY_SCALE,
  CAPACITY_QUESTION,
  LOW_CAPACITY_MAX,
  parseCapacity,
  isCapacityValue,
  isLowCapacity,
  capacityLabel,
  type CapacityValue,
  type CapacityStep,
} from './capacity-scale.js';
export {
  CHECKIN_IDS,
  REFLECTION_MAX_LENGTH,
  SKIP_LINE,
  REMINDER_LINE,
  privacyLine,
  shareLine,
  signpostLine,
  checkinMessage,
  reminderMessage,
  thankYouMessage,
  lowCapacityMessage,
  type CheckinMessageInput,
} from './checkin-messages.js';
export { MIN_K, DEFAULT_K, effectiveK } from './k-rule.js';
export {
  isoWeek,
  wholeWeeksBefore,
  currentWeek,
  isIsoWeek,
  isoWeekMonday,
  type IsoWeekRange,
} from './iso-week.js';
export {
  summariseWeek,
  summariseCheckins,
  scaleChart,
  renderCheckinReport,
  type CheckinWeekRow,
  type CurrentWeekRow,
  type CheckinWeekSummary,
  type ScaleStepCount,
  type CheckinReportInput,
} from './report.js';
export {
  DIGEST_FRAMING,
  DIGEST_MAX_REFLECTIONS,
  DIGEST_MAX_CHARS,
  shuffle,
  renderDigest,
  type DigestInput,
} from './digest.js';
