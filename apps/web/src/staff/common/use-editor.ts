import { useRef, useState } from 'react';

/**
 * The list pages' editor: which item (or a new one) is open in the form, the name last saved (for
 * the confirmation), and the form's heading, focused when the form opens so keyboard and screen
 * reader users land on it.
 */
export function useEditor<T>() {
  const [editing, setEditing] = useState<T | 'new' | null>(null);
  const [saved, setSaved] = useState<string | null>(null);
  const formHeading = useRef<HTMLHeadingElement>(null);
  return {
    editing,
    saved,
    formHeading,
    edit(target: T | 'new') {
      setSaved(null);
      setEditing(target);
      requestAnimationFrame(() => formHeading.current?.focus());
    },
    /** The form saved `name`: close it and say so. */
    done(name: string) {
      setEditing(null);
      setSaved(name);
    },
    cancel() {
      setEditing(null);
    },
  };
}
