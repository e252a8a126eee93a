import type { ConsultantView, SidebarCustomerResponse } from '@circles/shared';
import { useCustomer } from '../customer/useCustomer';
import { errorMessage, isSessionOver } from '../errors';
import type { WeComBridge } from '../wecom/bridge';
import { FollowUpsSection } from './FollowUps';
import { ContactHeader, MemberCard } from './MemberCard';
import { NotesSection } from './Notes';
import { EventsSection, OrdersSection } from './Orders';
import { actionError, PerksSection } from './Perks';
import { TagsSection } from './Tags';
import './customer.css';
import { Button, ErrorBox, NoticeBar, Skeleton, useAction, useNotice } from './ui';

type Customer = SidebarCustomerResponse;
type Actions = ReturnType<typeof useAction>;

/** A customer without a member account: invite them to the member center with a card. */
function InviteCard(props: { invite: Customer['invite']; bridge: WeComBridge; actions: Actions }) {
  const { invite, bridge, actions } = props;
  return (
    <section className="sb-member sb-member-unlinked" aria-label="未入会">
      <div className="sb-member-top">
        <span className="sb-tier sb-tier-none">未入会</span>
      </div>
      <p className="sb-muted">该客户还不是会员，或尚未用同一微信登录会员中心。</p>
      {invite && (
        <Button
          variant="primary"
          busy={actions.busy === 'invite'}
          onClick={() =>
            void actions.run(
              'invite',
              async () => {
                await bridge.sendMiniprogram(invite);
                return '已发送入会邀请';
              },
              actionError,
            )
          }
        >
          邀请加入会员中心
        </Button>
      )}
    </section>
  );
}

function CustomerBody(props: {
  data: Customer;
  bridge: WeComBridge;
  actions: Actions;
  patch: (update: (d: Customer) => Customer) => void;
}) {
  const { data, bridge, actions, patch } = props;
  const id = data.externalUserId;
  return (
    <>
      <ContactHeader contact={data.contact} member={data.member} />
      {data.member ? (
        <MemberCard member={data.member} />
      ) : (
        <InviteCard invite={data.invite} bridge={bridge} actions={actions} />
      )}
      <FollowUpsSection
        externalUserId={id}
        items={data.followUps}
        actions={actions}
        onChanged={(f) =>
          patch((d) => ({ ...d, followUps: [...d.followUps.filter((x) => x.id !== f.id), f] }))
        }
      />
      <TagsSection
        externalUserId={id}
        groups={data.tagGroups}
        actions={actions}
        onSaved={(tagGroups) => patch((d) => ({ ...d, tagGroups }))}
      />
      {data.perks && (
        <PerksSection
          perks={data.perks}
          bridge={bridge}
          actions={actions}
          onRedeemed={(code) =>
            patch((d) => ({
              ...d,
              perks: d.perks?.map((p) =>
                p.redemptionCode === code ? { ...p, status: 'used' as const } : p,
              ),
            }))
          }
        />
      )}
      {data.member && <OrdersSection orders={data.recentOrders} />}
      {data.upcomingEvents && <EventsSection events={data.upcomingEvents} />}
      <NotesSection
        externalUserId={id}
        notes={data.notes}
        actions={actions}
        onAdded={(n) => patch((d) => ({ ...d, notes: [n, ...d.notes] }))}
      />
    </>
  );
}

/** The page for one customer: the card, then what the consultant can do about them. */
export function CustomerPage(props: {
  externalUserId: string;
  consultant: ConsultantView;
  bridge: WeComBridge;
  onSignInAgain: () => void;
}) {
  const { state, reload, patch } = useCustomer(props.externalUserId);
  const [notice, notify] = useNotice();
  const actions = useAction(notify);
  const { consultant } = props;
  return (
    <>
      <div className="sb-topbar">
        <span>
          导购 {consultant.name}
          {consultant.store ? ` · ${consultant.store}` : ''}
        </span>
        {state.phase === 'ready' && (
          <Button variant="link" busy={state.refreshing} onClick={reload}>
            刷新
          </Button>
        )}
      </div>
      {state.phase === 'loading' && <Skeleton lines={6} label="正在加载客户信息" />}
      {state.phase === 'error' &&
        (isSessionOver(state.error) ? (
          <ErrorBox
            message={errorMessage(state.error, 'customer')}
            onRetry={props.onSignInAgain}
            retryLabel="重新登录"
          />
        ) : (
          <ErrorBox message={errorMessage(state.error, 'customer')} onRetry={reload} />
        ))}
      {state.phase === 'ready' && (
        <CustomerBody data={state.data} bridge={props.bridge} actions={actions} patch={patch} />
      )}
      <NoticeBar notice={notice} />
    </>
  );
}
