/** A labelled form field with its hint and error, wired for screen readers (aria-describedby). */
import type { ComponentChildren } from 'preact';

export interface FieldProps {
  id: string;
  label: string;
  required?: boolean;
  requiredText?: string;
  hint?: string | undefined;
  error?: string | undefined;
  children: ComponentChildren;
  class?: string;
}

/** Attributes an input needs to be described by its field's hint and error. */
export function described(
  id: string,
  hint: string | undefined,
  error: string | undefined,
): { 'aria-describedby'?: string; 'aria-invalid'?: true } {
  const ids = [hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ');
  return { ...(ids ? { 'aria-describedby': ids } : {}), ...(error ? { 'aria-invalid': true as const } : {}) };
}

export function Field({ id, label, required, requiredText, hint, error, children, class: cls }: FieldProps) {
  return (
    <div class={`field${error ? ' has-error' : ''}${cls ? ` ${cls}` : ''}`}>
      <label for={id}>
        {label}
        {required && (
          <>
            <span aria-hidden="true"> *</span>
            <span class="sr-only"> {requiredText}</span>
          </>
        )}
      </label>
      {children}
      {hint && (
        <p id={`${id}-hint`} class="hint">
          {hint}
        </p>
      )}
      {error && (
        <p id={`${id}-error`} class="field-error">
          {error}
        </p>
      )}
    </div>
  );
}
