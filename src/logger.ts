import { stdSerializers, type LoggerOptions } from 'pino';
import type { Config } from './config.js';

// A failed query's message and `params` carry its parameters, which for a batch are the figures a
// group submitted: the log says which query failed and why, never with what.
const PARAMS_IN_MESSAGE = /\nparams: [\s\S]*?(?=\n\s+at |$)/;

type SerializedError = { message?: unknown; stack?: unknown; params?: unknown; cause?: unknown; [key: string]: unknown };

function withoutParameters(serialized: SerializedError): SerializedError {
  const { params: _params, ...rest } = serialized;
  const cleaned = { ...rest } as SerializedError;
  if (typeof cleaned.message === 'string') cleaned.message = cleaned.message.replace(PARAMS_IN_MESSAGE, '\nparams: [redacted]');
  if (typeof cleaned.stack === 'string') cleaned.stack = cleaned.stack.replace(PARAMS_IN_MESSAGE, '\nparams: [redacted]');
  if (cleaned.cause && typeof cleaned.cause === 'object') cleaned.cause = withoutParameters(cleaned.cause as SerializedError);
  return cleaned;
}

/** pino options: JSON lines, pretty only for a person at a terminal, secrets and submitted figures never written. */
export function loggerOptions(config: Pick<Config, 'logLevel'>): LoggerOptions {
  return {
    level: config.logLevel,
    redact: { paths: ['req.headers.authorization', 'req.headers.cookie', 'headers.authorization'], censor: '[redacted]' },
    serializers: { err: (error: Error) => withoutParameters(stdSerializers.err(error)) },
    ...(process.stdout.isTTY
      ? { transport: { target: 'pino-pretty', options: { translateTime: 'SYS:HH:MM:ss', ignore: 'pid,hostname' } } }
      : {}),
  };
}
