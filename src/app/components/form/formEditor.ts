import { getAt, setAt, shownArms, shownEvalSets, type FieldPath } from '../../../core/experiment';

/** The form's edits of the experiment (at `root` in the document), each applied to the document as it is then. */
export interface FormEditor {
  /** The experiment's value at a path, as rendered. */
  at: (path: FieldPath) => unknown;
  set: (path: FieldPath, value: unknown) => void;
  editExperiment: (update: (experiment: unknown) => unknown) => void;
  editArms: (update: (arms: unknown[], experiment: unknown) => unknown) => void;
  setArm: (i: number, path: FieldPath, value: unknown) => void;
  setEvalSet: (i: number, path: FieldPath, value: unknown) => void;
}

export function formEditor(experiment: unknown, root: FieldPath, onEdit: (update: (document: unknown) => unknown) => void): FormEditor {
  const editExperiment = (update: (experiment: unknown) => unknown) => onEdit((doc) => setAt(doc, root, update(getAt(doc, root))));
  const set = (path: FieldPath, value: unknown) => editExperiment((e) => setAt(e, path, value));
  // Lists left out of the JSON show the schema's defaults; the first edit writes the whole list out.
  const editArms = (update: (arms: unknown[], experiment: unknown) => unknown) => editExperiment((e) => setAt(e, ['arms'], update(shownArms(e), e)));
  const setArm = (i: number, path: FieldPath, value: unknown) => editArms((list) => setAt(list, [i, ...path], value));
  const setEvalSet = (i: number, path: FieldPath, value: unknown) =>
    editExperiment((e) => setAt(e, ['evalSets'], setAt(shownEvalSets(e), [i, ...path], value)));
  const at = (path: FieldPath) => getAt(experiment, path);
  return { at, set, editExperiment, editArms, setArm, setEvalSet };
}
