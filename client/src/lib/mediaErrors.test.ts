import { describe, expect, it } from 'vitest';
import { describeMediaError, mediaTrouble } from './mediaErrors';
import { chooseLanguage } from '../i18n';
import { useMemoryLanguageStore } from '../i18n/testLanguageStore';

useMemoryLanguageStore();

const domError = (name: string) => Object.assign(new Error('x'), { name });

describe('describeMediaError', () => {
  it('explains a blocked camera (NotAllowedError) and offers joining without camera', () => {
    const info = describeMediaError(domError('NotAllowedError'));
    expect(info.problem).toBe('blocked');
    expect(info.message).toMatch(/blocked/);
    expect(info.message).toMatch(/join without camera/);
  });
  it('explains a missing device (NotFoundError)', () => {
    expect(describeMediaError(domError('NotFoundError')).problem).toBe('missing');
  });
  it('explains a busy device (NotReadableError)', () => {
    const info = describeMediaError(domError('NotReadableError'));
    expect(info.problem).toBe('busy');
    expect(info.message).toMatch(/busy/);
  });
  it('falls back to a generic message for anything else, including non-errors', () => {
    expect(describeMediaError('weird').problem).toBe('unknown');
    expect(describeMediaError(domError('SomethingElse')).message).toMatch(/could not be started/);
  });
});

describe('describeMediaError names only the devices asked for', () => {
  it('talks about the microphone alone once the camera is left out', () => {
    const info = describeMediaError(domError('NotAllowedError'), { cam: false, mic: true });
    expect(info.message).toMatch(/^Your microphone is blocked/);
    expect(info.message).toMatch(/join without microphone/);
    expect(info.message).not.toMatch(/camera or/);
  });
  it('talks about the camera alone when only the camera was asked for', () => {
    expect(describeMediaError(domError('NotFoundError'), { cam: true, mic: false }).message).toMatch(/^No camera was found/);
  });
});

describe('mediaTrouble: the room\'s media line in the person\'s language', () => {
  it('says which way a connection failed, and which device could not be sent, with the technical reason after', async () => {
    await chooseLanguage('en');
    expect(mediaTrouble.connectionFailed('send')).toBe('The outgoing media connection failed; reconnecting…');
    expect(mediaTrouble.sendFailed('cam', new Error('track ended'))).toBe('Your camera could not be sent: track ended');
    expect(mediaTrouble.startFailed(new Error('timeout'), true)).toBe('Audio and video could not start: timeout Trying again…');
    // The server's refusal in its own English words in English.
    expect(mediaTrouble.resumeFailed({ code: 'RATE_LIMITED', message: 'Too many requests; slow down.' })).toBe('Audio and video from the others could not be started: Too many requests; slow down.');
  });

  it('speaks Spanish to someone who chose Spanish, server refusals included', async () => {
    await chooseLanguage('es');
    expect(mediaTrouble.connectionFailed('recv')).toBe('Se cortó la conexión del audio y vídeo entrantes; reconectando…');
    expect(mediaTrouble.sendFailed('mic', undefined)).toBe('No se pudo enviar su micrófono.');
    expect(mediaTrouble.resumeFailed({ code: 'RATE_LIMITED', message: 'Too many requests; slow down.' })).toMatch(/^No se pudo iniciar el audio y el vídeo de los demás: Demasiadas solicitudes/);
    await chooseLanguage('en');
  });
});
