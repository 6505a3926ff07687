import { useTranslation } from 'react-i18next';
import { useState } from 'react';
import type { RoomView } from '@mediation/shared';
import type { RoomSession } from '../room/roomSession';
import { useAction } from './useAction';
import { BroadcastForm, EndSession, LobbyMessageForm, SettingsForm } from './SessionTools';
import { AuditLog } from './AuditLog';
import { AddInvite, InviteLinks } from './Invitees';

/** The mediator's session tools, in their own panel beside the tower: broadcast, invitations and
 * links, waiting-room message and settings, the audit log, and ending the session. */
export function ToolsPanel({ session, room }: { session: RoomSession; room: RoomView }) {
  const { t } = useTranslation('tower');
  const { act, notice, busy, noticeRef } = useAction(session);
  const [linksVersion, setLinksVersion] = useState(0);
  return (
    <section className="stack tools" data-testid="session-tools" aria-label={t('tools.panel')} aria-busy={busy}>
      <div ref={noticeRef} tabIndex={-1} role="status" aria-live="polite" data-testid="tools-notice" className={notice?.kind === 'error' ? 'error' : 'muted'} style={{ minHeight: '1.4em' }}>
        {notice?.text ?? ''}
      </div>
      <div className="tools-section">
        <BroadcastForm room={room} act={act} />
      </div>
      <div className="tools-section stack">
        <AddInvite room={room} session={session} onCreated={() => setLinksVersion((v) => v + 1)} />
      </div>
      <div className="tools-section stack">
        <InviteLinks room={room} session={session} version={linksVersion} />
      </div>
      <div className="tools-section stack">
        <SettingsForm room={room} act={act} />
        <LobbyMessageForm room={room} act={act} />
      </div>
      <div className="tools-section">
        <AuditLog session={session} sessionId={room.sessionId} room={room} />
      </div>
      <div className="tools-section">
        <EndSession act={act} />
      </div>
    </section>
  );
}
