import { pino, type Logger } from 'pino';

/** Structured JSON logs. Tokens never appear: requests are logged without headers or fragments. */
export function createLogger(level: string): Logger {
  return pino({ level, base: { service: 'mediation-room' }, redact: ['token', '*.token', 'req.headers.authorization'] });
}
