import { createHash } from 'node:crypto';
import { type OrderBody, orderBody } from '@circles/shared';
import type { CsvRecord } from '../../lib/csv';

/**
 * The order CSV (UTF-8 with or without BOM, or GBK; RFC 4180 quoting; `\n` or `\r\n`; read by
 * server/src/lib/csv.ts):
 *
 *   orderNo,memberNo,phone,unionid,openid,channel,storeCode,consultantUserId,paidAt,amount,sku,name,category,quantity,unitPrice
 *
 * One row per order line; consecutive rows with the same orderNo form one order. The order
 * columns (orderNo … amount) come from the order's first row; later rows of the same order
 * may repeat them or leave them empty, but may not contradict them. Exactly one member column
 * (memberNo / phone / unionid / openid) is filled. `channel` is one of the API's channels
 * (store, miniprogram, tmall, jd, douyin, wecom, other); `paidAt` is ISO 8601 with a time
 * zone (`2025-03-01T10:00:00+08:00` or `…Z`); `amount` and `unitPrice` are integer fen;
 * `quantity` is a positive integer. Each order is validated with the API's `orderBody` schema.
 */
export const COLUMNS = [
  'orderNo',
  'memberNo',
  'phone',
  'unionid',
  'openid',
  'channel',
  'storeCode',
  'consultantUserId',
  'paidAt',
  'amount',
  'sku',
  'name',
  'category',
  'quantity',
  'unitPrice',
] as const;
type Column = (typeof COLUMNS)[number];
const ORDER_COLUMNS: readonly Column[] = COLUMNS.slice(0, 10);
const MAX_ROWS = 501; // one more than orderBody allows, so the schema names the problem

export type ColumnMap = Record<Column, number>;

export function mapHeader(fields: string[]): ColumnMap {
  const names = fields.map((f) => f.trim());
  const missing = COLUMNS.filter((c) => !names.includes(c));
  const unknown = names.filter((n) => !(COLUMNS as readonly string[]).includes(n));
  if (missing.length || unknown.length || names.length !== COLUMNS.length) {
    throw new Error(
      `bad CSV header: expected ${COLUMNS.join(',')}` +
        (missing.length ? `; missing ${missing.join(', ')}` : '') +
        (unknown.length ? `; unknown ${unknown.join(', ')}` : ''),
    );
  }
  return Object.fromEntries(COLUMNS.map((c) => [c, names.indexOf(c)])) as ColumnMap;
}

export interface PreparedOrder {
  body: OrderBody;
  /** Same canonical hash as OrdersService (sha256 of the parsed body's JSON): replays match. */
  bodyHash: string;
  line: number;
}

export interface Rejection {
  line: number;
  orderNo: string;
  reason: string;
}

/** Rows of one order as read; `rows` stops growing past what the schema could accept. */
export interface RawOrder {
  orderNo: string;
  rows: CsvRecord[];
}

export const canonicalHash = (body: OrderBody): string =>
  createHash('sha256').update(JSON.stringify(body)).digest('hex');

const DECIMAL = /^-?\d+(\.\d+)?$/;
const HAS_ZONE = /(Z|[+-]\d{2}:?\d{2})$/i;

function num(s: string): number | string | undefined {
  if (s === '') return undefined;
  return DECIMAL.test(s) ? Number(s) : s;
}

export function addRow(raw: RawOrder | null, rec: CsvRecord, cols: ColumnMap): RawOrder | null {
  const orderNo = (rec.fields[cols.orderNo] ?? '').trim();
  if (raw && raw.orderNo === orderNo) {
    if (raw.rows.length < MAX_ROWS) raw.rows.push(rec);
    return null; // same order continues
  }
  return { orderNo, rows: [rec] };
}

/** Builds the API body from an order's rows and validates it; returns a rejection otherwise. */
export function prepareOrder(raw: RawOrder, cols: ColumnMap): PreparedOrder | Rejection {
  const first = raw.rows[0]!;
  const reject = (line: number, reason: string): Rejection => ({
    line,
    orderNo: raw.orderNo,
    reason,
  });
  const cells: string[][] = [];
  for (const r of raw.rows) {
    if (r.fields.length !== COLUMNS.length) {
      return reject(r.line, `expected ${COLUMNS.length} columns, got ${r.fields.length}`);
    }
    cells.push(r.fields.map((f) => f.trim()));
  }
  const head = cells[0]!;
  for (let i = 1; i < cells.length; i++) {
    for (const c of ORDER_COLUMNS) {
      const v = cells[i]![cols[c]]!;
      if (v !== '' && v !== head[cols[c]]) {
        return reject(raw.rows[i]!.line, `${c} differs from the order's first line`);
      }
    }
  }
  const get = (c: Column) => head[cols[c]]!;
  const member: Record<string, string> = {};
  for (const c of ['memberNo', 'phone', 'unionid', 'openid'] as const)
    if (get(c)) member[c] = get(c);
  const paidAt = get('paidAt');
  if (paidAt && !HAS_ZONE.test(paidAt)) {
    return reject(first.line, 'paidAt: needs a time zone, e.g. 2025-03-01T10:00:00+08:00');
  }
  const body = {
    orderNo: raw.orderNo,
    member,
    channel: get('channel'),
    storeCode: get('storeCode') || undefined,
    consultantUserId: get('consultantUserId') || undefined,
    paidAt,
    amount: num(get('amount')),
    items: cells.map((row) => ({
      sku: row[cols.sku],
      name: row[cols.name],
      category: row[cols.category],
      quantity: num(row[cols.quantity]!),
      unitPrice: num(row[cols.unitPrice]!),
    })),
  };
  const parsed = orderBody.safeParse(body);
  if (!parsed.success) {
    const issues = parsed.error.issues;
    const at = (path: PropertyKey[]) =>
      path[0] === 'items' && typeof path[1] === 'number'
        ? (raw.rows[path[1]]?.line ?? first.line)
        : first.line;
    const reason = issues
      .slice(0, 3)
      .map((i) => `${i.path.join('.') || 'order'}: ${i.message}`)
      .join('; ');
    return reject(at(issues[0]!.path), reason);
  }
  return { body: parsed.data, bodyHash: canonicalHash(parsed.data), line: first.line };
}

export const isRejection = (x: PreparedOrder | Rejection): x is Rejection => 'reason' in x;
