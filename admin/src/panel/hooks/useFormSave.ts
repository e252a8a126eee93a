import type { FormInstance } from 'antd';
import { useState } from 'react';
import { applyServerErrors, errorText } from '../api/errors';

/**
 * The save step every modal form shares: a pending flag for the OK button, the server's field
 * objections put on the fields, anything else as one message above the buttons.
 */
export function useFormSave<T>(form: FormInstance, onSaved: (saved: T) => void) {
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const save = async (request: () => Promise<T>) => {
    setPending(true);
    setError(null);
    try {
      onSaved(await request());
    } catch (err) {
      if (!applyServerErrors(form, err)) setError(errorText(err));
    } finally {
      setPending(false);
    }
  };
  return { pending, error, setError, save };
}
