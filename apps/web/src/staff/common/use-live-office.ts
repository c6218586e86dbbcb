import { type SocketStatus, useSocket } from '@turnero/ui';
import { useEffect, useMemo, useRef } from 'react';
import { endSession } from '../session-store.js';
import { useOffice, useSession } from '../session.js';

/**
 * The `/staff` socket of the current office (docs/realtime.md): `onChange` on every
 * `queue.changed` and after every (re)connection, since events missed while away are not replayed
 * for this namespace. A refused token ends the session.
 */
export function useLiveOffice(onChange: () => void): SocketStatus {
  const { token, user } = useSession();
  const { officeId } = useOffice();
  const auth = useMemo(() => {
    if (!token || !officeId) return null;
    return user?.role === 'admin' ? { token, officeId } : { token };
  }, [token, officeId, user?.role]);
  const onChangeRef = useRef(onChange);
  onChangeRef.current = onChange;
  const { status, refusal } = useSocket('/staff', auth, { 'queue.changed': () => onChangeRef.current() });

  const wasConnected = useRef(false);
  useEffect(() => {
    if (status === 'connected') {
      // Reconnected after a drop: catch up with what changed meanwhile.
      if (wasConnected.current) onChangeRef.current();
      wasConnected.current = true;
    }
  }, [status]);

  useEffect(() => {
    if (refusal?.error === 'UNAUTHORIZED') endSession('unauthorized');
  }, [refusal]);
  return status;
}
