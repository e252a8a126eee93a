import type { TestApp } from './app';

/** The member's id and points balance, read through the services (no HTTP). */
export async function memberIdOf(t: TestApp, memberNo: string) {
  const m = await t.container.services.members.byMemberNo(memberNo);
  if (!m) throw new Error(`no member ${memberNo}`);
  return m._id;
}

export async function pointsOf(t: TestApp, memberNo: string): Promise<number> {
  const id = await memberIdOf(t, memberNo);
  return (await t.container.services.points.balance(id)).balance;
}
