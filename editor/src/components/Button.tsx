import type { ButtonHTMLAttributes } from 'react';
import { type ButtonVariant, buttonStyles } from './button-styles.ts';
import { Spinner } from './Spinner.tsx';

interface ButtonProps extends ButtonHTMLAttributes<HTMLButtonElement> {
  variant?: ButtonVariant;
  /** Shows a spinner and disables the button while a request runs; the label stays readable. */
  pending?: boolean;
}

export function Button({ variant = 'primary', pending = false, className, children, ...rest }: ButtonProps) {
  return (
    <button
      type="button"
      {...rest}
      disabled={pending || rest.disabled}
      aria-busy={pending || undefined}
      className={`${buttonStyles[variant]} ${className ?? ''}`}
    >
      {pending && <Spinner size="sm" />}
      {children}
    </button>
  );
}
