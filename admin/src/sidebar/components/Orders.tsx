import type { SidebarCustomerResponse } from '@circles/shared';
import { dateTime, day, money } from '../format';
import { Empty, Section } from './ui';

const ORDER_STATUS: Record<string, string> = {
  paid: '已支付',
  completed: '已完成',
  refunded: '已退款',
  partially_refunded: '部分退款',
  cancelled: '已取消',
};

export function OrdersSection({ orders }: { orders: SidebarCustomerResponse['recentOrders'] }) {
  return (
    <Section title="最近订单">
      {orders.length === 0 ? (
        <Empty>暂无订单</Empty>
      ) : (
        <ul className="sb-list">
          {orders.map((o) => (
            <li key={o.orderNo} className="sb-row">
              <div className="sb-row-main">
                <span className="sb-amount">{money(o.amount)}</span>
                <span className={`sb-status sb-status-${o.status}`}>
                  {ORDER_STATUS[o.status] ?? o.status}
                </span>
              </div>
              <div className="sb-muted">
                {dateTime(o.paidAt)}
                {o.storeName ? ` · ${o.storeName}` : ' · 线上'}
              </div>
            </li>
          ))}
        </ul>
      )}
    </Section>
  );
}

type Events = NonNullable<SidebarCustomerResponse['upcomingEvents']>;

/** Upcoming events the member signed up for: a natural thing to mention in the chat. */
export function EventsSection({ events }: { events: Events }) {
  if (events.length === 0) return null;
  return (
    <Section title="即将参加的活动">
      <ul className="sb-list">
        {events.map((e) => (
          <li key={e.eventId} className="sb-row">
            <div className="sb-row-main">
              <span>{e.title}</span>
              <span className="sb-muted">{day(e.startsAt)}</span>
            </div>
          </li>
        ))}
      </ul>
    </Section>
  );
}
