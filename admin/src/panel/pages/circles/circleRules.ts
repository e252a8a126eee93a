import type { FormRule } from 'antd';
import type {
  CircleInput,
  CircleRule,
  CircleStatus,
  CircleUpdate,
  CircleView,
} from '../../api/circles';

export const STATUS_TEXT: Record<CircleStatus, { text: string; color?: string }> = {
  draft: { text: '草稿' },
  active: { text: '启用', color: 'green' },
  archived: { text: '归档', color: 'default' },
};

export const statusOptions = (Object.keys(STATUS_TEXT) as CircleStatus[]).map((s) => ({
  value: s,
  label: STATUS_TEXT[s].text,
}));

export const DEFAULT_COLOR = '#722ED1';
export const DEFAULT_ICON = '◎';
export const COLOR_PRESETS = [
  '#722ED1',
  '#C9A227',
  '#13A8A8',
  '#2F54EB',
  '#EB2F96',
  '#FA8C16',
  '#52C41A',
  '#595959',
];

/** The circle's own fields (the rule lives in the builder beside the form). */
export interface CircleMetaValues {
  id: string;
  name: string;
  description?: string;
  color: string;
  icon: string;
  owner?: string;
  status: CircleStatus;
}

/** Rules mirroring circleBody in @circles/shared. */
export const CIRCLE_RULES = {
  id: [
    { required: true, message: '请输入圈层 ID' },
    {
      pattern: /^[a-z0-9][a-z0-9-]{1,39}$/,
      message: '圈层 ID 须为 2–40 位小写字母、数字或连字符，且不以连字符开头',
    },
  ],
  name: [
    { required: true, whitespace: true, message: '请输入圈层名称' },
    { max: 24, message: '圈层名称不超过 24 个字' },
  ],
  description: [{ max: 200, message: '说明不超过 200 个字' }],
  color: [
    { required: true, message: '请选择颜色' },
    { pattern: /^#[0-9A-Fa-f]{6}$/, message: '颜色须为 #RRGGBB 格式' },
  ],
  icon: [
    { required: true, whitespace: true, message: '请输入图标' },
    { max: 8, message: '图标不超过 8 个字符' },
  ],
  owner: [{ max: 32, message: '负责人不超过 32 个字' }],
  status: [{ required: true, message: '请选择状态' }],
} satisfies Record<string, FormRule[]>;

export function newCircleValues(owner: string): Partial<CircleMetaValues> {
  return {
    color: DEFAULT_COLOR,
    icon: DEFAULT_ICON,
    owner: owner.slice(0, 32),
    status: 'draft',
    description: '',
  };
}

export function metaValuesOf(c: CircleView): CircleMetaValues {
  return {
    id: c.id,
    name: c.name,
    description: c.description,
    color: c.color,
    icon: c.icon,
    owner: c.owner,
    status: c.status,
  };
}

function bodyOf(v: CircleMetaValues, rule: CircleRule) {
  return {
    name: v.name.trim(),
    description: (v.description ?? '').trim(),
    color: v.color.toUpperCase(),
    icon: v.icon.trim(),
    owner: (v.owner ?? '').trim(),
    status: v.status,
    rule,
  };
}

export function toUpdateBody(v: CircleMetaValues, rule: CircleRule): CircleUpdate {
  return bodyOf(v, rule);
}

export function toCreateBody(v: CircleMetaValues, rule: CircleRule): CircleInput {
  return { id: v.id, ...bodyOf(v, rule) };
}
