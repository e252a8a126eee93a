import { useDidHide, useDidShow } from '@tarojs/taro';
import { useEffect, useRef, useState } from 'react';
import { type MemberCode, memberCodeApi } from '../../api/member-code';
import { type Remote, useRemote } from '../../hooks/use-remote';

export interface LiveMemberCode {
  code: Remote<MemberCode & { receivedAt: number }>;
  /** Seconds until the code on screen is replaced by a new one. */
  secondsLeft: number;
}

/**
 * The member code on screen: a new one every `refreshAfterSeconds` while the page shows, and
 * at once when the member comes back to it (a code scanned meanwhile is used up).
 */
export function useMemberCode(): LiveMemberCode {
  const code = useRemote(
    async () => ({ ...(await memberCodeApi.issue()), receivedAt: Date.now() }),
    [],
  );
  const [now, setNow] = useState(() => Date.now());
  const visible = useRef(true);
  const refreshing = useRef(false);

  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, []);

  const shown = useRef(false);
  useDidShow(() => {
    visible.current = true;
    if (shown.current) void code.reload();
    shown.current = true;
  });
  useDidHide(() => {
    visible.current = false;
  });

  const period = code.data?.refreshAfterSeconds ?? 60;
  const elapsed = code.data ? Math.max(0, Math.floor((now - code.data.receivedAt) / 1000)) : 0;
  const secondsLeft = Math.max(0, period - elapsed);
  useEffect(() => {
    if (!code.data || secondsLeft > 0 || !visible.current || refreshing.current) return;
    refreshing.current = true;
    void code.reload().finally(() => {
      refreshing.current = false;
    });
  }, [code.data, secondsLeft, code.reload]);

  return { code, secondsLeft };
}
