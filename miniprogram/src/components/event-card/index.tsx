import { Text, View } from '@tarojs/components';
import type { MemberEvent } from '../../api/events';
import { dateTime } from '../../lib/format';
import './index.scss';
import { ActionButton } from '../ui';

export type EventAction = 'signup' | 'cancel' | 'ticket' | 'live';

/** The member's state for an event, in words. */
export function signupText(event: MemberEvent, now = Date.now()): string | null {
  const s = event.mySignup;
  if (event.status === 'cancelled') return '活动已取消';
  if (s?.state === 'registered' && event.online && !event.liveUrl && event.liveOpensAt)
    return `已报名 · 直播 ${dateTime(event.liveOpensAt)} 开放`;
  if (s?.state === 'registered') return '已报名';
  if (s?.state === 'waitlisted') return s.position ? `候补第 ${s.position} 位` : '候补中';
  if (s?.state === 'attended') return '已签到';
  if (s?.state === 'no_show') return '未到场';
  if (!event.eligible) return event.eligibleText ?? '您的等级暂不可报名';
  if (Date.parse(event.signupDeadline) < now) return '报名已截止';
  return null;
}

function actions(event: MemberEvent, now: number): { key: EventAction; label: string }[] {
  if (event.status === 'cancelled') return [];
  const s = event.mySignup?.state;
  if (s === 'registered') {
    // An online event has no venue to scan a ticket at: its live link opens before the start.
    const enter = event.online
      ? event.liveUrl
        ? [{ key: 'live' as const, label: '进入直播' }]
        : []
      : [{ key: 'ticket' as const, label: '查看入场券' }];
    return [...enter, { key: 'cancel', label: '取消报名' }];
  }
  if (s === 'attended' && event.online && event.liveUrl)
    return [{ key: 'live', label: '进入直播' }];
  if (s === 'waitlisted') return [{ key: 'cancel', label: '取消候补' }];
  if (s === 'attended' || s === 'no_show') return [];
  if (!event.eligible || Date.parse(event.signupDeadline) < now) return [];
  return [{ key: 'signup', label: event.seatsLeft > 0 ? '立即报名' : '加入候补' }];
}

export function EventCard({
  event,
  busy,
  onAction,
  now = Date.now(),
}: {
  event: MemberEvent;
  busy: boolean;
  onAction: (event: MemberEvent, action: EventAction) => void;
  now?: number;
}) {
  const state = signupText(event, now);
  return (
    <View
      className={`event-card${event.eligible ? '' : ' event-card--muted'}`}
      data-testid="event-card"
      data-state={event.mySignup?.state ?? 'none'}
    >
      <View className="event-card__head">
        <Text className="event-card__kind">{event.kindText}</Text>
        <Text className="event-card__seats">
          {event.seatsLeft > 0 ? `剩余 ${event.seatsLeft} 席` : '名额已满'}
        </Text>
      </View>
      <Text className="event-card__title">{event.title}</Text>
      <Text className="event-card__meta">
        {dateTime(event.startAt)} – {dateTime(event.endAt)}
      </Text>
      <Text className="event-card__meta">{event.online ? '线上直播' : event.place}</Text>
      {event.eligibleText ? <Text className="event-card__tier">{event.eligibleText}</Text> : null}
      {event.description ? <Text className="event-card__desc">{event.description}</Text> : null}
      {event.reward.points ? (
        <Text className="event-card__reward">到场签到 +{event.reward.points} 积分</Text>
      ) : null}
      <View className="event-card__foot">
        <Text className="event-card__state">
          {state ?? `报名截止 ${dateTime(event.signupDeadline)}`}
        </Text>
        <View className="event-card__actions">
          {actions(event, now).map((a) => (
            <ActionButton
              key={a.key}
              className={`ui-button${a.key === 'cancel' ? ' ui-button--ghost' : ''}`}
              size="mini"
              loading={busy && a.key !== 'ticket' && a.key !== 'live'}
              disabled={busy}
              onClick={() => onAction(event, a.key)}
            >
              {a.label}
            </ActionButton>
          ))}
        </View>
      </View>
    </View>
  );
}
