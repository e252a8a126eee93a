import {
  type AdminRole,
  PLAYBOOK_TEMPLATES,
  type PlaybookView,
  playbookDefinition,
} from '@circles/shared';
import { render } from '@testing-library/react';
import { App as AntApp, ConfigProvider } from 'antd';
import { MemoryRouter, Route, Routes } from 'react-router-dom';
import { panelSession } from '../../../../jest/panelSession';
import { zhCN } from '../../../common/locale';
import type { PerkView } from '../../api/perks';
import type { PlaybookDetail, PlaybookList, PlaybookSettings } from '../../api/playbooks';
import { SessionProvider } from '../../auth/session';
import { CIRCLE } from '../circles/testFixtures';
import PlaybookDetailPage from './PlaybookDetailPage';
import PlaybookEditorPage from './PlaybookEditorPage';
import PlaybooksPage from './PlaybooksPage';

// Test data shaped like the playbook API's answers, built from the real built-in templates.

export const TEMPLATES: PlaybookList['templates'] = PLAYBOOK_TEMPLATES.map((t) => ({
  id: t.id,
  name: t.definition.name,
  description: t.definition.description ?? '',
  definition: playbookDefinition.parse(t.definition),
}));

const wakeup = TEMPLATES[0]!;
const rising = TEMPLATES[1]!;

/** 唤醒三板斧, running for a while (version 2). */
export const ACTIVE: PlaybookView = {
  id: 'wakeup-three',
  status: 'active',
  version: 2,
  templateId: 'wakeup-three',
  definition: wakeup.definition,
  activatedAt: '2026-11-01T02:00:00.000Z',
  updatedAt: '2026-11-05T02:00:00.000Z',
};

/** A fresh copy of the other template, not yet started. */
export const DRAFT: PlaybookView = {
  id: 'rising-onboarding',
  status: 'draft',
  version: 1,
  templateId: 'rising-onboarding',
  definition: rising.definition,
  activatedAt: null,
  updatedAt: '2026-11-06T02:00:00.000Z',
};

export const LIST: PlaybookList = { items: [DRAFT, ACTIVE], templates: TEMPLATES };

export const FUNNEL: PlaybookDetail['funnel'] = {
  entered: 200,
  active: 120,
  touched: 150,
  converted: 25,
  completed: 40,
  stopped: 15,
  revenueFen: 123_400,
  steps: [
    { step: 0, runs: 200 },
    { step: 1, runs: 180 },
    { step: 4, runs: 90 },
  ],
};

export const DETAIL: PlaybookDetail = { ...ACTIVE, funnel: FUNNEL };

export const SETTINGS: PlaybookSettings = {
  maxTouches7d: 2,
  maxTouches30d: 4,
  quietStartHour: 21,
  quietEndHour: 9,
};

export const CIRCLES = {
  items: [
    { ...CIRCLE, id: 'dormant-vip', name: '沉睡高净值', icon: '◆' },
    { ...CIRCLE, id: 'rising-stars', name: '新晋高潜', icon: '★' },
  ],
};

const perk = (code: string, name: string): PerkView => ({
  code,
  name,
  description: '',
  kind: 'custom',
  imageUrl: null,
  tierCodes: [],
  quota: { period: 'year', limit: 1 },
  validityDays: 30,
  coupon: null,
  circleIds: [],
  showLocked: false,
  topic: null,
  status: 'active',
  createdAt: '2026-10-01T00:00:00.000Z',
  updatedAt: '2026-10-01T00:00:00.000Z',
});

export const PERKS = {
  items: [perk('vip_wakeup_gift', '老友回归礼'), perk('koc_trial', '新品优先购')],
};

/** The playbook section's routes at `path`, signed in as `role` (for pages reading :id). */
export function renderPlaybooks(path: string, role: AdminRole = 'ops') {
  return render(
    <ConfigProvider locale={zhCN}>
      <AntApp>
        <SessionProvider initial={panelSession(role)}>
          <MemoryRouter initialEntries={[path]}>
            <Routes>
              <Route path="/playbooks" element={<PlaybooksPage />} />
              <Route path="/playbooks/new" element={<PlaybookEditorPage />} />
              <Route path="/playbooks/:id" element={<PlaybookDetailPage />} />
              <Route path="/playbooks/:id/edit" element={<PlaybookEditorPage />} />
            </Routes>
          </MemoryRouter>
        </SessionProvider>
      </AntApp>
    </ConfigProvider>,
  );
}
