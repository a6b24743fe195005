export * from './command.js';
export { helpText } from './help.js';
export { parseCommand } from './parser.js';
export { type Token, type TokenizeResult, tokenize, tokenText } from './tokenizer.js';
export { ADMIN_ONLY, COMMAND_SPECS, type CommandSpec, HEADS, isAdminCommand, USAGE } from './usage.js';
