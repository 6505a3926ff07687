import { describe, expect, it } from 'vitest';
import { initialsOf, STALL_MS, videoTileState } from './videoState';

const now = 100_000;

describe('video tile state', () => {
  it('says "camera off" only when the room state says the camera is not sending', () => {
    expect(videoTileState({ cameraOn: false, hasTrack: true, lastFrameAt: now, now })).toBe('off');
    expect(videoTileState({ cameraOn: false, hasTrack: false, lastFrameAt: null, now })).toBe('off');
  });
  it('says "connecting" while a camera that is on has no track or no decoded frame yet', () => {
    expect(videoTileState({ cameraOn: true, hasTrack: false, lastFrameAt: null, now })).toBe('connecting');
    expect(videoTileState({ cameraOn: true, hasTrack: true, lastFrameAt: null, now })).toBe('connecting');
  });
  it('says "connecting", not "camera off", for someone who just arrived and has not started sending yet', () => {
    expect(videoTileState({ cameraOn: false, arriving: true, hasTrack: false, lastFrameAt: null, now })).toBe('connecting');
    expect(videoTileState({ cameraOn: false, arriving: false, hasTrack: false, lastFrameAt: null, now })).toBe('off');
  });
  it('shows the video while frames arrive', () => {
    expect(videoTileState({ cameraOn: true, hasTrack: true, lastFrameAt: now - 900, now })).toBe('video');
    expect(videoTileState({ cameraOn: true, hasTrack: true, lastFrameAt: now - STALL_MS, now })).toBe('video');
  });
  it('says "no video (poor connection)" when frames stopped for longer than the stall time while the camera is on', () => {
    expect(videoTileState({ cameraOn: true, hasTrack: true, lastFrameAt: now - STALL_MS - 1, now })).toBe('stalled');
  });
  it('makes initials from the first letters of up to two words, never empty', () => {
    expect(initialsOf('Ana Claimant')).toBe('AC');
    expect(initialsOf('łukasz żółć')).toBe('ŁŻ');
    expect(initialsOf('"Ben" Respondent-Jones Jr')).toBe('BR');
    expect(initialsOf('***')).toBe('?');
  });
});
