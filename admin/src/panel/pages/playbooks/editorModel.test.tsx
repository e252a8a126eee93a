import { playbookDefinition } from '@circles/shared';
import {
  END,
  editorValuesOf,
  retargetAfterMove,
  retargetAfterRemove,
  type StepValues,
  toDefinition,
} from './editorModel';
import { TEMPLATES } from './testFixtures';

const wait = (days: number): StepValues => ({ type: 'wait', days });
const branch = (yes: number, no: number): StepValues => ({
  type: 'branch',
  condition: { kind: 'purchased_since_start' },
  yes,
  no,
});

describe('playbook editor model', () => {
  it('round-trips every template through the form values unchanged', () => {
    for (const t of TEMPLATES) {
      const def = playbookDefinition.parse(t.definition);
      expect(playbookDefinition.parse(toDefinition(editorValuesOf(def)))).toEqual(def);
    }
  });

  it('reads any target past the last step as the end', () => {
    const def = playbookDefinition.parse({
      ...playbookDefinition.parse(TEMPLATES[0]!.definition),
      steps: [
        { type: 'branch', condition: { kind: 'purchased_since_start' }, yes: 1, no: 2 },
        wait(1),
      ],
    });
    expect(editorValuesOf(def).definition.steps[0]).toMatchObject({ yes: 1, no: END });
  });

  it('keeps branches pointing at the same steps when one moves', () => {
    // [branch→2 / end, wait1, wait2, wait3]; move wait3 (3) up to 1 → [branch, wait3, wait1, wait2].
    const moved = [branch(2, END), wait(3), wait(1), wait(2)];
    expect(retargetAfterMove(moved, 3, 1)[0]).toMatchObject({ yes: 3, no: END });
    // Moving the branch itself down past its target leaves a backward jump for the rules to flag.
    const down = [wait(1), branch(1, 2), wait(2)];
    expect(retargetAfterMove(down, 0, 1)[1]).toMatchObject({ yes: 0, no: 2 });
  });

  it('sends a branch to the next step when its target is removed, or to the end', () => {
    // [branch→2 / 3, wait1, (removed), wait3] → [branch, wait1, wait3].
    expect(retargetAfterRemove([branch(2, 3), wait(1), wait(3)], 2)[0]).toMatchObject({
      yes: 2,
      no: 2,
    });
    // Removing the last step: a branch to it now ends the run.
    expect(retargetAfterRemove([branch(1, 2), wait(1)], 2)[0]).toMatchObject({ yes: 1, no: END });
  });
});
