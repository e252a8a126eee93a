import { View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { useState } from 'react';
import { showError } from '../../api/errors';
import { eventsApi, type MemberEvent } from '../../api/events';
import { CodeSheet } from '../code-sheet';
import { type EventAction, EventCard } from '../event-card';
import { MemberGate } from '../member-gate';
import { EmptyState, Loadable } from '../ui';
import { usePullRefresh, useRemote } from '../../hooks/use-remote';
import { dateTime } from '../../lib/format';
import { offerSubscriptions } from '../../lib/subscribe';
import '../../styles/page.scss';

/** Events I may join first, then by start time (the server sends them by start time). */
export function sortEvents(items: MemberEvent[]): MemberEvent[] {
  return [...items].sort((a, b) => Number(b.eligible) - Number(a.eligible));
}

function EventsContent({ ticketsOnly }: { ticketsOnly: boolean }) {
  const events = useRemote(() => eventsApi.list(), []);
  const [busy, setBusy] = useState<string | null>(null);
  const [ticket, setTicket] = useState<MemberEvent | null>(null);
  usePullRefresh(() => events.reload());

  const act = async (event: MemberEvent, action: EventAction) => {
    if (action === 'ticket') {
      setTicket(event);
      return;
    }
    if (action === 'live') {
      // A mini-program can only open registered business domains; a copied link opens anywhere.
      if (event.liveUrl) {
        await Taro.setClipboardData({ data: event.liveUrl });
        void Taro.showToast({ title: '直播链接已复制，请在浏览器中打开', icon: 'none' });
      }
      return;
    }
    if (action === 'cancel') {
      const { confirm } = await Taro.showModal({
        title: '取消报名',
        content: `确定取消「${event.title}」的报名吗？`,
      });
      if (!confirm) return;
    }
    setBusy(event.id);
    try {
      const signup =
        action === 'signup' ? await eventsApi.signup(event.id) : await eventsApi.cancel(event.id);
      const title =
        signup.state === 'registered'
          ? '报名成功'
          : signup.state === 'waitlisted'
            ? `已加入候补${signup.position ? `（第 ${signup.position} 位）` : ''}`
            : '已取消报名';
      void Taro.showToast({ title, icon: 'none' });
      if (action === 'signup') offerSubscriptions('event_signup');
      await events.reload();
    } catch (err) {
      showError(err);
    } finally {
      setBusy(null);
    }
  };

  return (
    <Loadable remote={events} rows={6}>
      {(data) => {
        const list = ticketsOnly
          ? data.items.filter((e) => e.mySignup?.state === 'registered' && e.mySignup.ticket)
          : sortEvents(data.items);
        return (
          <>
            {list.length === 0 ? (
              <EmptyState
                title={ticketsOnly ? '暂无入场券' : '暂无活动'}
                hint={
                  ticketsOnly ? '报名成功的活动会在这里显示入场券' : '新活动发布后会第一时间通知您'
                }
              />
            ) : (
              list.map((event) => (
                <EventCard
                  key={event.id}
                  event={event}
                  busy={busy === event.id}
                  onAction={(e, a) => void act(e, a)}
                />
              ))
            )}
            {ticket?.mySignup?.ticket ? (
              <CodeSheet
                title={ticket.title}
                code={ticket.mySignup.ticket}
                lines={[
                  '入场时向工作人员出示此码签到',
                  `${dateTime(ticket.startAt)} · ${ticket.place ?? '线上直播'}`,
                ]}
                onClose={() => setTicket(null)}
              />
            ) : null}
          </>
        );
      }}
    </Loadable>
  );
}

/** The list (社群活动) and my tickets (我的入场券) are one view with a filter. */
export function EventsView({ ticketsOnly }: { ticketsOnly: boolean }) {
  return (
    <View className="page">
      <MemberGate hint="登录后报名会员活动">
        {() => <EventsContent ticketsOnly={ticketsOnly} />}
      </MemberGate>
    </View>
  );
}
