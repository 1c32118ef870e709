import { useCallback, useMemo, useState, type Dispatch, type SetStateAction } from 'react';
import { formRootOf } from '../../../../core/experiment';
import type { Parsed } from './parseConfig';

/**
 * The document the form edits: the last config text that was JSON; while the text is not JSON it shows that one,
 * read-only. An edit is applied to the current text.
 */
export function useFormDocument(parsed: Parsed, setText: Dispatch<SetStateAction<string>>) {
  const [formDocument, setFormDocument] = useState<unknown>(parsed.document);
  if (parsed.document !== undefined && parsed.document !== formDocument) setFormDocument(parsed.document);
  const formRoot = useMemo(() => formRootOf(formDocument), [formDocument]);
  const onFormEdit = useCallback(
    (update: (document: unknown) => unknown) =>
      setText((current) => {
        try {
          return JSON.stringify(update(JSON.parse(current)), null, 2);
        } catch {
          return current; // not JSON (the form is read-only then)
        }
      }),
    [setText],
  );
  return { formDocument, formRoot, onFormEdit };
}
