import { type FormEvent, useEffect, useState } from 'react';
import { sidebarApi } from '../api/sidebar';
import { errorMessage } from '../errors';
import { Button } from './ui';

type Consultant = { userid: string; name: string };
type Customer = { externalUserId: string; name: string };

/**
 * Sandbox mode in a plain browser has no WeCom client to say who is signed in and which chat
 * is open: this form plays both, then reloads the page as WeCom would open it.
 */
export function SandboxPicker(props: {
  sandboxUser: string | null;
  href: string;
  navigate: (url: string) => void;
}) {
  const [consultants, setConsultants] = useState<Consultant[] | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [user, setUser] = useState(props.sandboxUser ?? '');
  const [contact, setContact] = useState('');

  useEffect(() => {
    if (props.sandboxUser) return;
    sidebarApi.sandboxConsultants().then(
      (r) => {
        setConsultants(r.consultants);
        setUser((u) => u || r.consultants[0]?.userid || '');
      },
      (err: unknown) => setLoadError(errorMessage(err)),
    );
  }, [props.sandboxUser]);

  const [customers, setCustomers] = useState<Customer[] | null>(null);
  const picked = props.sandboxUser ?? user;
  useEffect(() => {
    setCustomers(null);
    if (!picked.trim()) return;
    let live = true;
    sidebarApi.sandboxCustomers(picked.trim()).then(
      (r) => live && setCustomers(r.customers),
      // An unknown userid simply has no list; the manual field still works.
      () => live && setCustomers([]),
    );
    return () => {
      live = false;
    };
  }, [picked]);

  const open = (e: FormEvent) => {
    e.preventDefault();
    const url = new URL(props.href);
    url.searchParams.delete('code');
    url.searchParams.delete('state');
    url.searchParams.set('sandboxUser', picked.trim());
    url.searchParams.set('sandboxContact', contact.trim());
    props.navigate(url.toString());
  };

  return (
    <section className="sb-section sb-picker" aria-label="沙箱模式">
      <h2 className="sb-picker-title">未获取到当前客户</h2>
      <p className="sb-muted">
        沙箱模式：没有企业微信客户端，请选择登录的导购和当前聊天的客户（external_userid）。
      </p>
      <form className="sb-form" onSubmit={open}>
        {props.sandboxUser ? (
          <div className="sb-muted">导购：{props.sandboxUser}</div>
        ) : consultants && consultants.length > 0 ? (
          <label className="sb-field">
            <span>导购</span>
            <select
              className="sb-input"
              aria-label="导购"
              value={user}
              onChange={(e) => setUser(e.target.value)}
            >
              {consultants.map((c) => (
                <option key={c.userid} value={c.userid}>
                  {c.name}（{c.userid}）
                </option>
              ))}
            </select>
          </label>
        ) : (
          <label className="sb-field">
            <span>导购 userid</span>
            <input className="sb-input" value={user} onChange={(e) => setUser(e.target.value)} />
          </label>
        )}
        {loadError && <div className="sb-muted">无法读取沙箱导购列表：{loadError}</div>}
        {customers && customers.length > 0 && (
          <label className="sb-field">
            <span>该导购的客户</span>
            <select
              className="sb-input"
              aria-label="该导购的客户"
              value={customers.some((c) => c.externalUserId === contact) ? contact : ''}
              onChange={(e) => setContact(e.target.value)}
            >
              <option value="">请选择客户（共 {customers.length} 位）</option>
              {customers.map((c) => (
                <option key={c.externalUserId} value={c.externalUserId}>
                  {c.name}
                </option>
              ))}
            </select>
          </label>
        )}
        <label className="sb-field">
          <span>客户 external_userid</span>
          <input
            className="sb-input"
            value={contact}
            placeholder="wmXXXXXXXX"
            onChange={(e) => setContact(e.target.value)}
          />
        </label>
        <Button type="submit" variant="primary" disabled={!user.trim() || !contact.trim()}>
          打开客户侧边栏
        </Button>
      </form>
    </section>
  );
}
