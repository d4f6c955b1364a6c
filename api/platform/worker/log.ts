import type { Logger } from '../../kernel/context.ts';

/** The Worker's log: JSON lines (Workers Logs indexes their fields). Never given secrets. */
export const log: Logger = {
  info: (event, fields) => console.log(JSON.stringify({ level: 'info', event, ...fields })),
  error: (event, fields) => console.error(JSON.stringify({ level: 'error', event, ...fields })),
};
