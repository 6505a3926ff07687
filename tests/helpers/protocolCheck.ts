/**
 * Set-up file of the integration tests: after every test, and after every file (for clients its
 * hooks opened), a protocol violation received by a socket.io test client that was not closed
 * fails the test. `close()` reports the rest.
 */
import { afterAll, afterEach } from 'vitest';
import { reportProtocolViolations } from './socketClient.js';

afterEach(() => reportProtocolViolations());
afterAll(() => reportProtocolViolations());
