import { type FormEvent, useState } from 'react';
import { Link, useLocation } from 'react-router';
import { z } from 'zod';
import { Email } from '../../../schemas/index.ts';
import { describeAuthError } from '../auth/auth-errors.ts';
import { validateFields } from '../auth/validate-fields.ts';
import { useStudio } from '../boot/studio-context.tsx';
import { AuthCard } from '../components/AuthCard.tsx';
import { Button } from '../components/Button.tsx';
import { ErrorAlert } from '../components/ErrorAlert.tsx';
import { TextField } from '../components/FormField.tsx';

const RequiredPassword = z.string().min(1, 'is required');

export function LoginPage() {
  const { supabase } = useStudio();
  const location = useLocation();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [fieldErrors, setFieldErrors] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState<string>();
  const [pending, setPending] = useState(false);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setFormError(undefined);
    const errors = validateFields({
      email: { label: 'Email', schema: Email, value: email.trim() },
      password: { label: 'Password', schema: RequiredPassword, value: password },
    });
    setFieldErrors(errors);
    if (Object.keys(errors).length > 0) return;

    setPending(true);
    try {
      const { error } = await supabase.auth.signInWithPassword({ email: email.trim(), password });
      if (error) throw error;
    } catch (error) {
      const described = describeAuthError(error);
      setFieldErrors(described.fieldErrors);
      // A problem tied to one field is shown next to it; only the rest goes in the form's alert.
      setFormError(Object.keys(described.fieldErrors).length > 0 ? undefined : described.message);
    } finally {
      setPending(false);
    }
    // On success the session arrives through onAuthStateChange and <RedirectIfSignedIn> moves on.
  }

  return (
    <AuthCard
      title="Log in"
      subtitle={
        <>
          New to Build Practical?{' '}
          <Link
            to="/signup"
            state={location.state}
            className="font-medium text-indigo-700 underline-offset-2 hover:underline"
          >
            Create an account
          </Link>
        </>
      }
    >
      <form noValidate onSubmit={onSubmit} className="space-y-4">
        {formError && <ErrorAlert title="Could not log in" message={formError} />}
        <TextField
          label="Email"
          type="email"
          name="email"
          autoComplete="email"
          value={email}
          onChange={(event) => setEmail(event.target.value)}
          error={fieldErrors.email}
        />
        <TextField
          label="Password"
          type="password"
          name="password"
          autoComplete="current-password"
          value={password}
          onChange={(event) => setPassword(event.target.value)}
          error={fieldErrors.password}
        />
        <Button type="submit" pending={pending} className="w-full">
          Log in
        </Button>
      </form>
    </AuthCard>
  );
}
