/** The demo brand's catalogue: stores, products and names that look like a real apparel brand. */

export interface DemoStore {
  code: string;
  name: string;
  city: string;
  kind: 'flagship' | 'mall' | 'outlet';
  /** Relative share of store sales. */
  weight: number;
}

export const DEMO_STORES: readonly DemoStore[] = [
  { code: 'SH01', name: '上海南京西路旗舰店', city: '上海', kind: 'flagship', weight: 10 },
  { code: 'SH02', name: '上海环贸iapm店', city: '上海', kind: 'mall', weight: 7 },
  { code: 'SH03', name: '上海前滩太古里店', city: '上海', kind: 'mall', weight: 5 },
  { code: 'BJ01', name: '北京三里屯旗舰店', city: '北京', kind: 'flagship', weight: 9 },
  { code: 'BJ02', name: '北京SKP店', city: '北京', kind: 'mall', weight: 7 },
  { code: 'HZ01', name: '杭州湖滨银泰in77店', city: '杭州', kind: 'mall', weight: 5 },
  { code: 'HZ02', name: '杭州万象城店', city: '杭州', kind: 'mall', weight: 4 },
  { code: 'CD01', name: '成都太古里旗舰店', city: '成都', kind: 'flagship', weight: 7 },
  { code: 'CD02', name: '成都IFS店', city: '成都', kind: 'mall', weight: 4 },
  { code: 'SZ01', name: '深圳万象天地店', city: '深圳', kind: 'mall', weight: 6 },
  { code: 'SZ02', name: '深圳湾万象城店', city: '深圳', kind: 'mall', weight: 4 },
  { code: 'SH90', name: '上海青浦奥特莱斯店', city: '上海', kind: 'outlet', weight: 3 },
];

export interface DemoProduct {
  sku: string;
  name: string;
  category: string;
  /** Fen. */
  price: number;
}

/** [category, share of items sold, [name, price in yuan]…] */
const CATEGORIES: ReadonlyArray<
  readonly [string, number, ReadonlyArray<readonly [string, number]>]
> = [
  [
    '外套',
    14,
    [
      ['双面羊绒大衣', 5999],
      ['羊毛混纺茧型大衣', 3899],
      ['经典卡其风衣', 2899],
      ['轻薄白鸭绒羽绒服', 2499],
      ['短款鹅绒羽绒服', 3599],
      ['廓形西装外套', 1999],
      ['机车皮夹克', 4599],
      ['连帽防风外套', 1299],
    ],
  ],
  [
    '针织',
    18,
    [
      ['100%山羊绒圆领毛衣', 1899],
      ['美利奴羊毛开衫', 1299],
      ['麻花纹高领毛衣', 999],
      ['羊绒针织背心', 899],
      ['罗纹修身打底衫', 599],
      ['马海毛宽松毛衣', 1099],
    ],
  ],
  [
    '衬衫',
    16,
    [
      ['牛津纺长袖衬衫', 699],
      ['真丝印花衬衫', 1599],
      ['亚麻休闲衬衫', 599],
      ['法式袖口正装衬衫', 799],
      ['条纹宽松衬衫', 499],
    ],
  ],
  [
    '裤装',
    16,
    [
      ['羊毛西装裤', 999],
      ['高腰直筒牛仔裤', 699],
      ['九分锥形休闲裤', 599],
      ['阔腿垂感长裤', 799],
      ['灯芯绒长裤', 659],
    ],
  ],
  [
    '连衣裙',
    10,
    [
      ['真丝吊带长裙', 1999],
      ['羊毛针织连衣裙', 1599],
      ['法式碎花连衣裙', 1299],
      ['衬衫式连衣裙', 999],
    ],
  ],
  [
    '配饰',
    16,
    [
      ['羊绒围巾', 899],
      ['真皮腰带', 599],
      ['羊毛贝雷帽', 399],
      ['桑蚕丝方巾', 499],
      ['小牛皮托特包', 3299],
      ['羊皮手套', 459],
      ['棉质袜子三双装', 129],
    ],
  ],
  [
    '鞋履',
    10,
    [
      ['小牛皮乐福鞋', 2299],
      ['切尔西短靴', 2699],
      ['德训鞋', 1299],
      ['羊皮芭蕾平底鞋', 1599],
      ['麂皮踝靴', 2899],
    ],
  ],
];

export const DEMO_PRODUCTS: readonly DemoProduct[] = CATEGORIES.flatMap(([category, , list], ci) =>
  list.map(([name, yuan], i) => ({
    sku: `CL${String(ci + 1).padStart(2, '0')}${String(i + 1).padStart(3, '0')}`,
    name,
    category,
    price: yuan * 100,
  })),
);

/** Products weighted by their category's share of items sold (cheap items sell more often). */
export const WEIGHTED_PRODUCTS: ReadonlyArray<readonly [DemoProduct, number]> = CATEGORIES.flatMap(
  ([category, share, list]) =>
    DEMO_PRODUCTS.filter((p) => p.category === category).map(
      (p) => [p, share / list.length / Math.sqrt(p.price / 100_000)] as const,
    ),
);

export const CATEGORY_NAMES: readonly string[] = CATEGORIES.map(([c]) => c);

const SURNAMES =
  '王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗高郑梁谢宋唐许韩冯邓曹彭曾肖田董潘袁蔡蒋余于杜叶程魏苏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤';
const GIVEN =
  '子涵欣怡梓萱诗琪雨桐一诺思彤语嫣浩宇宇轩明轩俊杰晨曦沐阳若曦静怡佳琪梦瑶天佑嘉怡子墨婉清雅琴文博嘉豪思远安琪晓彤晓雯丽娜美玲志强建华伟杰海燕春燕秋月晓东';
const HANDLES = [
  '小鱼儿',
  '晴天',
  'Annie',
  '慢慢来',
  '阿May',
  '一颗柠檬',
  '月亮不睡',
  'Coco',
  '云朵',
  '橘子汽水',
  '南风知我意',
  'Vivian',
  '拾光',
  '北岛',
  'Lily',
  '木子',
  '山间',
  'Joyce',
  '清欢',
  '甜甜圈',
];

/** A Chinese nickname: a real-looking name, a surname + English name, or a handle. */
export function demoNickname(r: () => number): string {
  const pick = (s: string | readonly string[]) => s[Math.floor(r() * s.length)]!;
  const given = () => {
    const i = Math.floor(r() * (GIVEN.length / 2)) * 2;
    return r() < 0.3 ? GIVEN[i]! : GIVEN.slice(i, i + 2);
  };
  const roll = r();
  if (roll < 0.55) return `${pick(SURNAMES)}${given()}`;
  if (roll < 0.75) return `${pick(HANDLES)}${r() < 0.5 ? '' : pick(SURNAMES)}`;
  if (roll < 0.9) return `${pick(SURNAMES)}${pick(['小姐', '先生', '女士'])}`;
  return `${pick(HANDLES)}_${Math.floor(r() * 1000)}`;
}

const PREFIXES = [
  '135',
  '136',
  '137',
  '138',
  '139',
  '150',
  '151',
  '158',
  '177',
  '186',
  '188',
  '199',
];

/**
 * A mobile number in the 1[3-9] ranges, unique per `i` (the last 8 digits are a bijection of
 * i mod 10^8, so two demo members never share a phone and OneID never merges them).
 */
export function demoPhone(i: number): string {
  const p = PREFIXES[(i * 7) % PREFIXES.length]!;
  return `${p}${String((i * 48_271 + 20_250_000) % 100_000_000).padStart(8, '0')}`;
}
