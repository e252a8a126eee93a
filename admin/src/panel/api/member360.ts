import {
  type BodyOf,
  type Member360View,
  type MemberOrderView,
  member360Routes,
  type ResponseOf,
  type TimelineItem,
  type TimelinePage,
} from '@circles/shared';
import { call } from './client';

export type { Member360View, MemberOrderView, TimelineItem, TimelinePage };
export type MemberOrdersPage = ResponseOf<typeof member360Routes.orders>;
export type PointsAdjustInput = BodyOf<typeof member360Routes.adjustPoints>;
export type WalletAdjustInput = BodyOf<typeof member360Routes.adjustWallet>;
export type PointsAdjustAnswer = ResponseOf<typeof member360Routes.adjustPoints>;
export type WalletAdjustAnswer = ResponseOf<typeof member360Routes.adjustWallet>;

export const fetchMember360 = (memberNo: string, signal?: AbortSignal): Promise<Member360View> =>
  call(member360Routes.overview, { params: { memberNo }, signal });

/** One page of the timeline; `before` is the previous page's `nextBefore`. */
export const fetchTimeline = (
  memberNo: string,
  before: string | null,
  signal?: AbortSignal,
): Promise<TimelinePage> =>
  call(member360Routes.timeline, {
    params: { memberNo },
    query: { limit: 20, ...(before ? { before } : {}) },
    signal,
  });

export const fetchMemberOrders = (
  memberNo: string,
  page: number,
  pageSize: number,
  signal?: AbortSignal,
): Promise<MemberOrdersPage> =>
  call(member360Routes.orders, { params: { memberNo }, query: { page, pageSize }, signal });

export const adjustPoints = (
  memberNo: string,
  body: PointsAdjustInput,
): Promise<PointsAdjustAnswer> =>
  call(member360Routes.adjustPoints, { params: { memberNo }, body });

export const adjustWallet = (
  memberNo: string,
  body: WalletAdjustInput,
): Promise<WalletAdjustAnswer> =>
  call(member360Routes.adjustWallet, { params: { memberNo }, body });
