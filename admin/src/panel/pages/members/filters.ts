import type { FormRule } from 'antd';
import type { MemberSearch } from '../../api/members';

export interface MemberFilters {
  memberNo?: string;
  phone?: string;
  tier?: string;
}

/** Mirrors memberSearchQuery: a bad phone is caught here instead of by a 400. */
export const MEMBER_FILTER_RULES: Record<'memberNo' | 'phone', FormRule[]> = {
  memberNo: [{ max: 32, message: '会员号不超过 32 个字符' }],
  phone: [{ pattern: /^1[3-9]\d{9}$/, message: '请输入 11 位手机号' }],
};

/** Trimmed, empty fields dropped: what the search API receives. */
export function toQuery(values: MemberFilters): Omit<MemberSearch, 'page' | 'pageSize'> {
  const q: Record<string, string> = {};
  for (const [k, v] of Object.entries(values)) {
    const t = typeof v === 'string' ? v.trim() : '';
    if (t) q[k] = t;
  }
  return q;
}
