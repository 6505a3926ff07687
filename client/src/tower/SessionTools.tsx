import { useState, type FormEvent } from 'react';
import { LIMITS, type RoomView, type SpaceId } from '@mediation/shared';
import type { Act } from './useAction';
import { towerSpaces } from './spaces';

export function CreateCaucus({ act }: { act: Act }) {
  const [name, setName] = useState('');
  async function submit(e: FormEvent) {
    e.preventDefault();
    if (!name.trim()) return;
    const r = await act('control:createSpace', { name: name.trim() }, `Created “${name.trim()}”.`);
    if (r.ok) setName('');
  }
  return (
    <form onSubmit={submit} className="row wrap" aria-label="Create a caucus">
      <label className="field">
        <span>New caucus name</span>
        <input data-testid="new-caucus-name" maxLength={60} value={name} onChange={(e) => setName(e.target.value)} placeholder="Claimant caucus" />
      </label>
      <button type="submit" data-testid="create-caucus" disabled={!name.trim()}>
        Create caucus
      </button>
    </form>
  );
}

export function BroadcastForm({ room, act }: { room: RoomView; act: Act }) {
  const [text, setText] = useState('');
  const [to, setTo] = useState<'all' | SpaceId>('all');
  const targets = towerSpaces(room);
  async function submit(e: FormEvent) {
    e.preventDefault();
    if (!text.trim()) return;
    const r = await act('control:broadcast', { text: text.trim(), to }, 'Broadcast sent.');
    if (r.ok) setText('');
  }
  return (
    <form onSubmit={submit} className="stack" aria-label="Broadcast a message">
      <h3>Broadcast</h3>
      <label className="field">
        <span>Message</span>
        <input data-testid="broadcast-text" maxLength={LIMITS.broadcastMaxChars} value={text} onChange={(e) => setText(e.target.value)} placeholder="Five minutes left before we reconvene" />
      </label>
      <div className="row wrap">
        <label className="field">
          <span>To</span>
          <select value={to} onChange={(e) => setTo(e.target.value as 'all' | SpaceId)} data-testid="broadcast-target">
            <option value="all">All spaces</option>
            {targets.map((s) => (
              <option key={s.id} value={s.id}>
                {s.name}
              </option>
            ))}
          </select>
        </label>
        <button type="submit" data-testid="broadcast-send" disabled={!text.trim()}>
          Send broadcast
        </button>
      </div>
    </form>
  );
}

export function LobbyMessageForm({ room, act }: { room: RoomView; act: Act }) {
  const [text, setText] = useState(room.lobbyMessage);
  return (
    <form
      className="stack"
      aria-label="Waiting room message"
      onSubmit={(e) => {
        e.preventDefault();
        void act('control:setLobbyMessage', { text: text.trim() }, 'Waiting room message updated.');
      }}
    >
      <label className="field">
        <span>Message shown in the waiting room</span>
        <textarea rows={2} maxLength={500} value={text} onChange={(e) => setText(e.target.value)} data-testid="lobby-message-input" />
      </label>
      <div>
        <button type="submit" className="secondary" data-testid="lobby-message-save">
          Save message
        </button>
      </div>
    </form>
  );
}

export function SettingsForm({ room, act }: { room: RoomView; act: Act }) {
  const s = room.settings;
  return (
    <fieldset className="stack">
      <legend>Settings</legend>
      <label className="check">
        <input type="checkbox" checked={s.waitingRoom} onChange={(e) => void act('control:updateSettings', { waitingRoom: e.target.checked }, 'Settings saved.')} data-testid="setting-waiting-room" />
        <span>Waiting room for newcomers</span>
      </label>
      <label className="check">
        <input type="checkbox" checked={s.allowRoaming} onChange={(e) => void act('control:updateSettings', { allowRoaming: e.target.checked }, 'Settings saved.')} data-testid="setting-roaming" />
        <span>Parties may move between spaces themselves</span>
      </label>
      <label className="check">
        <input type="checkbox" checked={s.partiesEditAgreement} onChange={(e) => void act('control:updateSettings', { partiesEditAgreement: e.target.checked }, 'Settings saved.')} data-testid="setting-parties-edit" />
        <span>Parties may edit the agreement directly</span>
      </label>
      <label className="check">
        <input type="checkbox" checked={s.keepCaptions} onChange={(e) => void act('control:updateSettings', { keepCaptions: e.target.checked }, 'Settings saved.')} data-testid="setting-keep-captions" />
        <span>Keep live captions (each space's, for who was there); off: captions are saved nowhere</span>
      </label>
    </fieldset>
  );
}

export function EndSession({ act }: { act: Act }) {
  const [confirming, setConfirming] = useState(false);
  if (!confirming) {
    return (
      <button type="button" className="danger" onClick={() => setConfirming(true)} data-testid="end-session">
        End session for everyone…
      </button>
    );
  }
  return (
    <div className="row wrap" role="group" aria-label="Confirm ending the session">
      <span>End the session for everyone? Links stop working.</span>
      <button type="button" className="danger" data-testid="confirm-end-session" onClick={() => void act('control:endSession', {}, 'Session ended.')}>
        Yes, end it
      </button>
      <button type="button" className="secondary" onClick={() => setConfirming(false)}>
        Cancel
      </button>
    </div>
  );
}
