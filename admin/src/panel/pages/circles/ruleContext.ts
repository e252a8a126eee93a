import { createContext, useContext } from 'react';
import type { CircleField } from '../../api/circles';
import type { FieldIndex, RuleNode } from './ruleModel';

/** What every group and condition of one rule builder shares. */
export interface RuleEditorContext {
  fields: FieldIndex;
  fieldList: readonly CircleField[];
  disabled: boolean;
  /** The message to show on a node (a server objection first, else a missing part), or null. */
  issueOf: (id: string) => string | null;
  update: (id: string, fn: (node: RuleNode) => RuleNode) => void;
  remove: (id: string) => void;
  add: (groupId: string, node: RuleNode) => void;
}

export const RuleEditor = createContext<RuleEditorContext | null>(null);

export function useRuleEditor(): RuleEditorContext {
  const value = useContext(RuleEditor);
  if (!value) throw new Error('useRuleEditor must be used inside <RuleBuilder>');
  return value;
}
