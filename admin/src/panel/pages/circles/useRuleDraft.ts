import { useCallback, useMemo, useState } from 'react';
import type { CircleField } from '../../api/circles';
import { fieldIssues } from '../../api/errors';
import { compileRule, type GroupNode, indexFields, nodeOfPath } from './ruleModel';

const KEY_TEXT: Record<string, string> = {
  field: '字段无效',
  op: '条件无效',
  value: '取值无效',
  days: '统计天数无效',
  topic: '内容主题无效',
};

/** A server message for the user: Chinese as is, else what it is about plus the detail. */
function serverText(path: string, message: string): string {
  if (/[\u4e00-\u9fa5]/.test(message)) return message;
  const key = path.split('.').pop() ?? '';
  return `${KEY_TEXT[key] ?? '规则有误'}（${message}）`;
}

/**
 * The rule being edited: the draft tree, its compilation, and the server's objections per
 * node (from a 400 naming `body.rule.all.1.value`), dropped from a node once it is edited.
 */
export function useRuleDraft(fields: readonly CircleField[] | undefined) {
  const [root, setRoot] = useState<GroupNode | null>(null);
  const [serverIssues, setServerIssues] = useState<ReadonlyMap<string, string>>(new Map());
  const [showIssues, setShowIssues] = useState(false);
  const index = useMemo(() => indexFields(fields ?? []), [fields]);
  const compiled = useMemo(() => (root ? compileRule(root, index) : null), [root, index]);

  const change = useCallback((next: GroupNode, changedId: string) => {
    setRoot(next);
    setServerIssues((prev) => {
      if (!prev.has(changedId)) return prev;
      const copy = new Map(prev);
      copy.delete(changedId);
      return copy;
    });
  }, []);

  /** Puts a 400's rule issues on their nodes; returns how many found a node. */
  const applyServerIssues = useCallback(
    (err: unknown): number => {
      if (!compiled) return 0;
      const found = new Map<string, string>();
      for (const issue of fieldIssues(err)) {
        const id = nodeOfPath(compiled.paths, issue.path);
        if (id && !found.has(id)) found.set(id, serverText(issue.path, issue.message));
      }
      if (found.size > 0) setServerIssues(found);
      return found.size;
    },
    [compiled],
  );

  /** Replaces the whole draft (loading a saved circle), forgetting old objections. */
  const reset = useCallback((next: GroupNode) => {
    setRoot(next);
    setServerIssues(new Map());
    setShowIssues(false);
  }, []);

  return {
    root,
    reset,
    change,
    rule: compiled?.rule ?? null,
    issues: compiled?.issues ?? new Map<string, string>(),
    serverIssues,
    showIssues,
    revealIssues: () => setShowIssues(true),
    applyServerIssues,
  };
}
