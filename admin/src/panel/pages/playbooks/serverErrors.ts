import type { FormInstance } from 'antd';
import { ApiError } from '../../api/client';
import { errorText, fieldIssues } from '../../api/errors';

type Name = Array<string | number>;

const toName = (path: string): Name =>
  path.split('.').map((s) => (/^\d+$/.test(s) ? Number(s) : s));

const readable = (message: string) =>
  /[\u4e00-\u9fa5]/.test(message) ? message : `格式不正确（${message}）`;

/**
 * Where a failed save's objections go. Validation failures name body paths
 * ('body.definition.steps.2.perkCode'); the playbook service's own checks (unknown circle or
 * perk, taken id) name one `field` relative to the definition ('steps.2.perkCode') or to the
 * body ('id'). Objections on a field the form shows go on that field; the rest (e.g. "至少一个
 * 步骤" on the list itself) come back as one sentence for above the buttons, or null.
 */
export function placeServerErrors(form: FormInstance, err: unknown): string | null {
  const issues = fieldIssues(err)
    .filter((i) => i.path.startsWith('body.'))
    .map((i) => ({ name: toName(i.path.slice('body.'.length)), message: readable(i.message) }));
  const field = err instanceof ApiError && (err.details as { field?: unknown } | undefined)?.field;
  if (issues.length === 0 && typeof field === 'string' && field !== '') {
    const name = field === 'id' ? ['id'] : ['definition', ...toName(field)];
    issues.push({ name, message: (err as ApiError).message });
  }
  if (issues.length === 0) return errorText(err);
  const shown = registeredNames(form);
  const placed = issues.map((i) => ({ ...i, at: shownAncestor(i.name, shown) }));
  const onFields = placed.filter((i) => i.at !== null);
  if (onFields.length > 0) {
    form.setFields(onFields.map((i) => ({ name: i.at as Name, errors: [i.message] })));
  }
  const rest = placed.filter((i) => i.at === null).map((i) => i.message);
  if (rest.length > 0) return [...new Set(rest)].join('；');
  return null;
}

/**
 * The field itself, or the nearest one above it within the same step ('steps.0.outcomes.1'
 * goes on the outcomes select); never as far up as the steps list, which has no input.
 */
function shownAncestor(name: Name, shown: Set<string>): Name | null {
  for (let n = name.length; n >= 1; n--) {
    const candidate = name.slice(0, n);
    if (shown.has(candidate.join('.'))) return candidate;
    if (n <= 3 && name[0] === 'definition' && name[1] === 'steps') break;
  }
  return null;
}

/** The names of the fields the form renders now (joined with '.'). */
function registeredNames(form: FormInstance): Set<string> {
  const names = new Set<string>();
  // With a filter, antd walks the registered fields instead of returning the whole store.
  form.getFieldsValue(true, (meta) => {
    if (meta) names.add(meta.name.join('.'));
    return false;
  });
  return names;
}
