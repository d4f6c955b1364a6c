import { type FormEvent, useState } from 'react';
import { Link, useLocation } from 'react-router';
import { Email, Password, Username } from '../../../schemas/index.ts';
import { describeAuthError } from '../auth/auth-errors.ts';
import { validateFields } from '../auth/validate-fields.ts';
import { useStudio } from '../boot/studio-context.tsx';
import { AuthCard } from '../components/AuthCard.tsx';
import { Button } from '../components/Button.tsx';
import { ErrorAlert } from '../components/ErrorAlert.tsx';
import { TextField } from '../components/FormField.tsx';

export function SignupPage() {
  const { supabase } = useStudio();
  const location = useLocation();
  const [email, setEmail] = useState('');
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [fieldErrors, setFieldErrors] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState<string>();
  const [confirmEmail, setConfirmEmail] = useState(false);
  const [pending, setPending] = useState(false);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setFormError(undefined);
    const errors = validateFields({
      email: { label: 'Email', schema: Email, value: email.trim() },
      username: { label: 'Username', schema: Username, value: username },
      password: { label: 'Password', schema: Password, value: password },
    });
    setFieldErrors(errors);
    if (Object.keys(errors).length > 0) return;

    setPending(true);
    try {
      const { data, error } = await supabase.auth.signUp({
        email: email.trim(),
        password,
        options: { data: { username } },
      });
      if (error) throw error;
      // Hosted Supabase may require a confirmed e-mail first; then there is no session yet.
      if (!data.session) setConfirmEmail(true);
    } catch (error) {
      const described = describeAuthError(error);
      setFieldErrors(described.fieldErrors);
      // A problem tied to one field is shown next to it; only the rest goes in the form's alert.
      setFormError(Object.keys(described.fieldErrors).length > 0 ? undefined : described.message);
    } finally {
      setPending(false);
    }
  }

  if (confirmEmail) {
    return (
      <AuthCard title="Check your inbox" subtitle={`We sent a confirmation link to ${email.trim()}.`}>
        <p className="text-sm text-neutral-700">
          Open the link in that e-mail, then{' '}
          <Link to="/login" className="font-medium text-indigo-700 underline-offset-2 hover:underline">
            log in
          </Link>
          .
        </p>
      </AuthCard>
    );
  }

  return (
    <AuthCard
      title="Create your account"
      subtitle={
        <>
          Already have one?{' '}
          <Link
            to="/login"
            state={location.state}
            className="font-medium text-indigo-700 underline-offset-2 hover:underline"
          >
            Log in
          </Link>
        </>
      }
    >
      <form noValidate onSubmit={onSubmit} className="space-y-4">
        {formError && <ErrorAlert title="Could not create your account" message={formError} />}
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
          label="Username"
          name="username"
          autoComplete="username"
          autoCapitalize="none"
          spellCheck={false}
          value={username}
          onChange={(event) => setUsername(event.target.value)}
          hint="3–32 characters: lower-case letters, digits and inner hyphens. Your apps will live at /u/username/…"
          error={fieldErrors.username}
        />
        <TextField
          label="Password"
          type="password"
          name="password"
          autoComplete="new-password"
          value={password}
          onChange={(event) => setPassword(event.target.value)}
          hint="At least 8 characters."
          error={fieldErrors.password}
        />
        <Button type="submit" pending={pending} className="w-full">
          Create account
        </Button>
      </form>
    </AuthCard>
  );
}
