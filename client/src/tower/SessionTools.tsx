import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { LIMITS, type RoomView, type SpaceId } from '@mediation/shared';
import type { Act } from './useAction';
import { towerSpaces } from './spaces';

export function CreateCaucus({ act }: { act: Act }) {
  const { t } = useTranslation('tower');
  const [name, setName] = useState('');
  async function submit(e: FormEvent) {
    e.preventDefault();
    if (!name.trim()) return;
    const r = await act('control:createSpace', { name: name.trim() }, t('tools.created', { name: name.trim() }));
    if (r.ok) setName('');
  }
  return (
    <form onSubmit={submit} className="row wrap" aria-label={t('tools.createLabel')}>
      <label className="field">
        <span>{t('tools.newCaucus')}</span>
        <input data-testid="new-caucus-name" maxLength={60} value={name} onChange={(e) => setName(e.target.value)} placeholder={t('tools.newCaucusPlaceholder')} />
      </label>
      <button type="submit" data-testid="create-caucus" disabled={!name.trim()}>
        {t('tools.create')}
      </button>
    </form>
  );
}

export function BroadcastForm({ room, act }: { room: RoomView; act: Act }) {
  const { t } = useTranslation('tower');
  const [text, setText] = useState('');
  const [to, setTo] = useState<'all' | SpaceId>('all');
  const targets = towerSpaces(room);
  async function submit(e: FormEvent) {
    e.preventDefault();
    if (!text.trim()) return;
    const r = await act('control:broadcast', { text: text.trim(), to }, t('tools.broadcastSent'));
    if (r.ok) setText('');
  }
  return (
    <form onSubmit={submit} className="stack" aria-label={t('tools.broadcastLabel')}>
      <h3>{t('tools.broadcast')}</h3>
      <label className="field">
        <span>{t('tools.message')}</span>
        <input data-testid="broadcast-text" maxLength={LIMITS.broadcastMaxChars} value={text} onChange={(e) => setText(e.target.value)} placeholder={t('tools.broadcastPlaceholder')} />
      </label>
      <div className="row wrap">
        <label className="field">
          <span>{t('tools.to')}</span>
          <select value={to} onChange={(e) => setTo(e.target.value as 'all' | SpaceId)} data-testid="broadcast-target">
            <option value="all">{t('tools.allSpaces')}</option>
            {targets.map((s) => (
              <option key={s.id} value={s.id}>
                {s.name}
              </option>
            ))}
          </select>
        </label>
        <button type="submit" data-testid="broadcast-send" disabled={!text.trim()}>
          {t('tools.sendBroadcast')}
        </button>
      </div>
    </form>
  );
}

export function LobbyMessageForm({ room, act }: { room: RoomView; act: Act }) {
  const { t } = useTranslation('tower');
  const [text, setText] = useState(room.lobbyMessage);
  return (
    <form
      className="stack"
      aria-label={t('tools.lobbyLabel')}
      onSubmit={(e) => {
        e.preventDefault();
        void act('control:setLobbyMessage', { text: text.trim() }, t('tools.lobbyUpdated'));
      }}
    >
      <label className="field">
        <span>{t('tools.lobbyField')}</span>
        <textarea rows={2} maxLength={500} value={text} onChange={(e) => setText(e.target.value)} data-testid="lobby-message-input" />
      </label>
      <div>
        <button type="submit" className="secondary" data-testid="lobby-message-save">
          {t('tools.saveMessage')}
        </button>
      </div>
    </form>
  );
}

export function SettingsForm({ room, act }: { room: RoomView; act: Act }) {
  const { t } = useTranslation('tower');
  const s = room.settings;
  return (
    <fieldset className="stack">
      <legend>{t('tools.settings')}</legend>
      <label className="check">
        <input type="checkbox" checked={s.waitingRoom} onChange={(e) => void act('control:updateSettings', { waitingRoom: e.target.checked }, t('tools.saved'))} data-testid="setting-waiting-room" />
        <span>{t('tools.waitingRoom')}</span>
      </label>
      <label className="check">
        <input type="checkbox" checked={s.allowRoaming} onChange={(e) => void act('control:updateSettings', { allowRoaming: e.target.checked }, t('tools.saved'))} data-testid="setting-roaming" />
        <span>{t('tools.roaming')}</span>
      </label>
      <label className="check">
        <input type="checkbox" checked={s.partiesEditAgreement} onChange={(e) => void act('control:updateSettings', { partiesEditAgreement: e.target.checked }, t('tools.saved'))} data-testid="setting-parties-edit" />
        <span>{t('tools.partiesEdit')}</span>
      </label>
      <label className="check">
        <input type="checkbox" checked={s.keepCaptions} onChange={(e) => void act('control:updateSettings', { keepCaptions: e.target.checked }, t('tools.saved'))} data-testid="setting-keep-captions" />
        <span>{t('tools.keepCaptions')}</span>
      </label>
    </fieldset>
  );
}

export function EndSession({ act }: { act: Act }) {
  const { t } = useTranslation('tower');
  const [confirming, setConfirming] = useState(false);
  if (!confirming) {
    return (
      <button type="button" className="danger" onClick={() => setConfirming(true)} data-testid="end-session">
        {t('tools.end')}
      </button>
    );
  }
  return (
    <div className="row wrap" role="group" aria-label={t('tools.confirmLabel')}>
      <span>{t('tools.confirm')}</span>
      <button type="button" className="danger" data-testid="confirm-end-session" onClick={() => void act('control:endSession', {}, t('tools.ended'))}>
        {t('tools.yes')}
      </button>
      <button type="button" className="secondary" onClick={() => setConfirming(false)}>
        {t('tools.cancel')}
      </button>
    </div>
  );
}
